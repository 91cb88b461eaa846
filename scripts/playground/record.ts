/**
 * What the story saw, for the HTML report's charts: plain data gathered while the chapters run.
 * Times are simulated milliseconds since the story began.
 */

/** One scale tick of one service. */
export type ScalePoint = {
  atMs: number;
  /** The metric's value the tick read; undefined when it had no datapoint. */
  value: number | undefined;
  desired: number;
  running: number;
  recommendation: number | undefined;
  reason: string;
};

/** One scaled service over the chapter. */
export type ScaleSeries = {
  service: string;
  metric: string;
  target: number;
  min: number;
  max: number;
  points: ScalePoint[];
};

/** Revisions of one family before and after the prune chapter. */
export type FamilyRevisions = {
  family: string;
  before: { active: number; inactive: number };
  after: { active: number; inactive: number };
};

/** One step of a restart lineage. */
export type LineageStep = {
  atMs: number;
  kind: 'stopped' | 'queued' | 'started' | 'abandoned';
  attempt: number;
  /** For `queued`: the backoff before RunTask. */
  delaySeconds?: number;
  reason?: string;
};

/** Everything the report draws. */
export type PlaygroundRecord = {
  scenario: string;
  policyFile: string;
  scale: ScaleSeries[];
  revisions: FamilyRevisions[];
  lineages: { family: string; steps: LineageStep[] }[];
};

/** An empty record for a story about to start. */
export function createRecord(scenario: string, policyFile: string): PlaygroundRecord {
  return { scenario, policyFile, scale: [], revisions: [], lineages: [] };
}
