/**
 * Figure 7, what users use today: the baseline scripts' figures beside ours, measured on copies
 * of the same simulated accounts in the same run. Pure: the measurements happen elsewhere.
 */
import type { Comparison, Section } from '../report/figures.ts';
import { formatNumber, round } from '../report/figures.ts';
import type { PruneOutcome } from '../support/prune-outcome.ts';
import type { ScaleOutcome } from '../support/scale-outcome.ts';

export type ComparisonInput = {
  prune: { ours: PruneOutcome; baseline: PruneOutcome; baselineProtectedAttempted: number };
  scale: { ours: ScaleOutcome; baseline: ScaleOutcome };
  pruneFactor: number;
  scaleFactor: number;
};

const n = (value: number | undefined, digits?: number) =>
  value === undefined ? '—' : formatNumber(value, digits);
const percentOf = (part: number, whole: number) =>
  whole === 0 ? '0 %' : `${formatNumber(round((part / whole) * 100, 1), 1)} %`;

function pruneRows(input: ComparisonInput['prune']): (string | number)[][] {
  const { ours, baseline } = input;
  const row = (label: string, of: (o: PruneOutcome) => string) => [label, of(ours), of(baseline)];
  return [
    row('prune: invocations', (o) => n(o.invocations)),
    row('prune: API calls', (o) => n(o.apiCalls)),
    row(
      'prune: throttled answers',
      (o) => `${n(o.throttled)} (${percentOf(o.throttled, o.apiCalls)})`,
    ),
    row('prune: revisions deregistered', (o) => n(o.deregistered)),
    row('prune: INACTIVE revisions deleted', (o) => n(o.deleted)),
    row('prune: revisions failed after retries', (o) => n(o.failedRevisions)),
    row('prune: deregistrations / simulated s (first to last)', (o) =>
      n(
        o.deregistrationsPerSecond === undefined ? undefined : round(o.deregistrationsPerSecond, 3),
        3,
      ),
    ),
    row('prune: revisions wrongly touched', (o) => n(o.wronglyTouched.length)),
    [
      'prune: protected revisions it tried to deregister',
      n(ours.wronglyTouched.length),
      n(input.baselineProtectedAttempted),
    ],
    row('prune: duplicate deregistrations', (o) => n(o.duplicateDeregistrations)),
    row('prune: simulated duration', (o) => `${n(round(o.simulatedSeconds, 0))} s`),
  ];
}

function scaleRows(input: ComparisonInput['scale']): (string | number)[][] {
  const { ours, baseline } = input;
  const row = (label: string, of: (o: ScaleOutcome) => string) => [label, of(ours), of(baseline)];
  return [
    row('scale tick: API calls', (o) => n(o.apiCalls)),
    row('scale tick: GetMetricData calls', (o) => n(o.metricCalls)),
    row('scale tick: UpdateService calls', (o) => n(o.updateServiceCalls)),
    row(
      'scale tick: throttled answers',
      (o) => `${n(o.throttled)} (${percentOf(o.throttled, o.apiCalls)})`,
    ),
    row('scale tick: services left at a wrong count', (o) => n(o.servicesNotUpdated)),
    row('scale tick: duration', (o) => `${n(round(o.simulatedSeconds, 1), 1)} s`),
  ];
}

/** Builds the comparison section. */
export function buildComparisonSection(input: ComparisonInput): Section {
  const comparison: Comparison = {
    columns: ['', 'ecs-autopilot', 'baseline script'],
    rows: [...pruneRows(input.prune), ...scaleRows(input.scale)],
  };
  const { prune, scale } = input;
  return {
    id: 'baselines',
    title: '7. What users use today',
    method: [
      'bench/baselines/prune-script.ts: for each family with an ACTIVE revision (ListTaskDefinitionFamilies), ListTaskDefinitions with familyPrefix, newest first, deregister all but the newest 10, one after another, SDK default retries, no pacing, no in-use check, errors skipped. One run, on a fresh copy of figure 3’s account, throttled and time-compressed the same way; ours is figure 3’s run.',
      'bench/baselines/scaler-script.ts: list services, one GetMetricData per metric per service (the GetMetricStatistics pattern), ⌈running × max(cpu/50, memory/60)⌉ within [1, 10], UpdateService for every service, one after another, SDK default retries. One tick on a fresh copy of figure 5’s account, throttled at ECS’s rates; ours is figure 5’s first tick.',
      `Baselines run with \`Date\` and timers compressed ${input.pruneFactor}× (prune) and ${input.scaleFactor}× (scaler), so their SDK retry backoffs keep their real length in simulated time; at ${input.scaleFactor}× a 1–2 ms local call lasts 20–40 simulated ms, about a real API round trip. Our scale tick ran uncompressed, so its duration is wall time.`,
      'Deregistration rate: ours is held to its pacing share (0.5 of ECS’s 1/s, the rest left to deploy pipelines, whose RegisterTaskDefinition draws from the same bucket); the baseline takes the whole bucket and its surplus calls come back throttled.',
      '“Wrongly touched”: a revision in use by a service deployment, a task, a scheduled rule, or its family’s last ACTIVE, that is no longer ACTIVE afterwards.',
    ],
    figures: [
      {
        name: 'baseline prune: revisions wrongly touched',
        value: prune.baseline.wronglyTouched.length,
        note: prune.baseline.wronglyTouched
          .map((w) => `${w.arn.split('/').pop()} (${w.reason})`)
          .join(', '),
      },
      {
        name: 'baseline prune: throttled answers',
        value: round((prune.baseline.throttled / Math.max(1, prune.baseline.apiCalls)) * 100, 1),
        unit: '% of calls',
        digits: 1,
      },
      {
        name: 'baseline scaler: calls per tick / ours',
        value: round(scale.baseline.apiCalls / Math.max(1, scale.ours.apiCalls), 1),
        unit: '×',
        digits: 1,
      },
    ],
    comparison,
    details: { ...input },
  };
}
