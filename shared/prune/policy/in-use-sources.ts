/**
 * Where the in-use inventory looks, and what it could not resolve. Plain data: the gather step
 * fills it, the plan carries it to the report and the CLI.
 */

/** Every place a revision can be in use (or retained), in the order the report lists them. */
export const IN_USE_SOURCES = [
  /** Services' own `taskDefinition`, every deployment and every task set, in every cluster. */
  'ecs-services',
  /** RUNNING and PENDING tasks in every cluster. */
  'ecs-tasks',
  /** Stopped tasks a restart may still run again (within the restart window). */
  'pending-restarts',
  /** ECS targets of the rules of every event bus. */
  'eventbridge-rules',
  /** ECS targets of EventBridge Scheduler schedules in every schedule group. */
  'scheduler-schedules',
  /** ECS task states of every Step Functions state machine and published version. */
  'step-functions',
  /** Revisions tagged `ecs-autopilot:retain`. */
  'retain-tags',
] as const;

/** One place the inventory reads. */
export type InUseSource = (typeof IN_USE_SOURCES)[number];

/** What one source gave: how much was read, how many references it found, how many gaps. */
export type InUseSourceSummary = {
  source: InUseSource;
  /** Things read: services, tasks, rules, schedules, state machine definitions, tagged revisions. */
  scanned: number;
  /** Distinct task-definition references found, dynamic ones included (retained revisions for `retain-tags`). */
  references: number;
  /** Reads that failed: any makes the inventory incomplete. */
  gaps: number;
};

/**
 * A task definition that cannot be read statically: a Step Functions `TaskDefinition.$` path or
 * JSONata expression, or a Scheduler universal target whose input does not name one.
 */
export type DynamicReference = {
  source: 'step-functions' | 'scheduler-schedules';
  /** The state machine's name, or `group/schedule` for a schedule. */
  name: string;
  /** The published version (`3`) whose definition holds it; undefined for the latest definition. */
  version?: string;
  /** The state's path in the definition (`Fan out/Run job`), or `target` for a schedule. */
  location: string;
  /** The expression as written (`$.job.taskDefinition`). */
  expression: string;
  /** Families the expression can only name (a `States.Format` template with a literal family). */
  families?: readonly string[];
};

/** How a run treats a dynamic reference. */
export type DynamicReferenceResolution =
  /** The families it can name are kept whole (from the expression or `prune.dynamicReferences`). */
  | 'families-kept'
  /** Listed in `prune.dynamicReferences` with no family: it names nothing prune would remove. */
  | 'acknowledged'
  /** Neither: the run removes nothing until an operator lists it. */
  | 'blocking';

/** A dynamic reference with the run's treatment of it, for the plan. */
export type ResolvedDynamicReference = DynamicReference & {
  resolution: DynamicReferenceResolution;
  /** Family names or globs kept whole because of it. */
  keptFamilies: readonly string[];
};
