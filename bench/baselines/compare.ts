/**
 * Figure 7, what users use today: the baselines' figures beside ours, measured on copies of the
 * same simulated accounts in the same run, every duration on one clock per comparison. Pure: the
 * measurements happen elsewhere.
 */
import type { Comparison, Section } from '../report/figures.ts';
import { formatNumber, round } from '../report/figures.ts';
import { loadStep } from '../support/load-step.ts';
import type { PruneOutcome } from '../support/prune-outcome.ts';
import type { ScaleOutcome } from '../support/scale-outcome.ts';
import type { Reaction, ReactionOutcome } from './measure-reaction-time.ts';
import { targetTrackingDefaults } from './target-tracking.ts';

export type ComparisonInput = {
  prune: { ours: PruneOutcome; baseline: PruneOutcome; baselineProtectedAttempted: number };
  scale: { ours: ScaleOutcome; baseline: ScaleOutcome };
  reaction: ReactionOutcome;
  pruneFactor: number;
};

const n = (value: number | undefined, digits?: number) =>
  value === undefined ? '—' : formatNumber(value, digits);
const percentOf = (part: number, whole: number) =>
  whole === 0 ? '0 %' : `${formatNumber(round((part / whole) * 100, 1), 1)} %`;
const seconds = (value: number | undefined) => (value === undefined ? 'never' : `${n(value)} s`);

type Row = (string | number)[];

function pruneRows(input: ComparisonInput['prune']): Row[] {
  const { ours, baseline } = input;
  const row = (label: string, of: (o: PruneOutcome) => string): Row => [
    label,
    of(ours),
    of(baseline),
    'cleanup script',
  ];
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
      'cleanup script',
    ],
    row('prune: duplicate deregistrations', (o) => n(o.duplicateDeregistrations)),
    row('prune: simulated duration', (o) => `${n(round(o.simulatedSeconds, 0))} s`),
  ];
}

function scaleRows(input: ComparisonInput['scale']): Row[] {
  const { ours, baseline } = input;
  const row = (label: string, of: (o: ScaleOutcome) => string): Row => [
    label,
    of(ours),
    of(baseline),
    'scaler script',
  ];
  return [
    row('scale tick: API calls', (o) => n(o.apiCalls)),
    row('scale tick: GetMetricData calls', (o) => n(o.metricCalls)),
    row('scale tick: UpdateService calls', (o) => n(o.updateServiceCalls)),
    row(
      'scale tick: throttled answers',
      (o) => `${n(o.throttled)} (${percentOf(o.throttled, o.apiCalls)})`,
    ),
    row('scale tick: services left at a wrong count', (o) => n(o.servicesNotUpdated)),
    row('scale tick: wall time', (o) => `${n(round(o.wallMs / 1000, 1), 1)} s`),
  ];
}

function reactionRows(input: ReactionOutcome): Row[] {
  const row = (label: string, of: (r: Reaction) => string): Row => [
    label,
    of(input.ours),
    of(input.targetTracking),
    'target tracking (model)',
  ];
  return [
    row('load step: first scale-out after the rise', (r) => seconds(r.scaleOut?.afterSeconds)),
    row('load step: tasks it scaled out to', (r) => n(r.scaleOut?.to)),
    row('load step: first scale-in after the fall', (r) => seconds(r.scaleIn?.afterSeconds)),
    row('load step: tasks it scaled in to', (r) => n(r.scaleIn?.to)),
  ];
}

/** Builds the comparison section. */
export function buildComparisonSection(input: ComparisonInput): Section {
  const comparison: Comparison = {
    columns: ['', 'ecs-autopilot', 'baseline', 'baseline is'],
    rows: [...pruneRows(input.prune), ...scaleRows(input.scale), ...reactionRows(input.reaction)],
  };
  const { prune, scale, reaction } = input;
  const [rise, , fall] = loadStep.phases;
  const { scaleOut, scaleIn } = targetTrackingDefaults;
  return {
    id: 'baselines',
    title: '7. What users use today',
    method: [
      'Cleanup script (bench/baselines/prune-script.ts): for each family with an ACTIVE revision (ListTaskDefinitionFamilies), ListTaskDefinitions with familyPrefix, newest first, deregister all but the newest 10, one after another, SDK default retries (their jitter seeded), no pacing, no in-use check, errors skipped. Run like a daily cron, again and again until a run finds nothing left to deregister (ours: until a run reports nothing-to-prune), on a fresh copy of figure 3’s account, throttled and time-compressed the same way; ours is figure 3’s run.',
      `Both prune durations are simulated seconds (the clock runs ${input.pruneFactor}× the wall clock) from the first run’s start to the last run’s end, read by each process’s own \`Date\`. “Wrongly touched”: a revision in use by a service deployment, a task, a scheduled rule, or its family’s last ACTIVE, that is no longer ACTIVE afterwards; since every run is repeated until done, it is the same in every benchmark run.`,
      'Deregistration rate: ours is held to its pacing share (0.5 of ECS’s 1/s, the rest left to deploy pipelines, whose RegisterTaskDefinition draws from the same bucket); the baseline takes the whole bucket and its surplus calls come back throttled.',
      'Scaler script (bench/baselines/scaler-script.ts), what a competent engineer writes: list services (ListServices 100 a page, DescribeServices 10 at a time), every service’s CPU and memory in ⌈metrics / 500⌉ GetMetricData calls, ⌈running × max(cpu/50, memory/60)⌉ within [1, 10], UpdateService only where the count changes, SDK default retries. One tick on a fresh copy of figure 5’s account at ECS’s real throttle rates and on the real clock, as figure 5’s first tick (ours); both wall times are measured by the process around its own work.',
      `Target tracking (bench/baselines/target-tracking.ts): a model of the alarms ECS Service Auto Scaling creates, on 60 s datapoints: scale out on ${scaleOut.datapoints} of ${scaleOut.datapoints} above the target, scale in on ${scaleIn.datapoints} of ${scaleIn.datapoints} below ${scaleIn.thresholdOfTarget * 100} % of it, proportional counts rounded up, the alarm acting every minute it stays in ALARM, 300 s scale-in cooldown (sources in the file).`,
      `Load step (bench/support/load-step.ts): ${loadStep.tasks} tasks at the ${loadStep.targetPercent} % CPU target; at minute ${rise?.fromMinute} the work rises to ${rise?.work} tasks’ worth, at minute ${fall?.fromMinute} it falls to ${fall?.work}. Ours: the built scale-services bundle invoked every simulated minute on the minute against the simulator (clock ${reaction.factor}× the wall clock); target tracking: the model on the same datapoints. Both see at minute k the datapoints of minutes before k and act then; CloudWatch’s publication delay and the schedule’s phase would add the same to both.`,
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
        value: round(scale.baseline.apiCalls / Math.max(1, scale.ours.apiCalls), 2),
        unit: '×',
      },
      {
        name: 'scale-out after a load step: ours / target tracking',
        value: ratio(
          reaction.ours.scaleOut?.afterSeconds,
          reaction.targetTracking.scaleOut?.afterSeconds,
        ),
        unit: '×',
        note: `${seconds(reaction.ours.scaleOut?.afterSeconds)} vs ${seconds(reaction.targetTracking.scaleOut?.afterSeconds)}`,
      },
      {
        name: 'scale-in after the load falls: ours / target tracking',
        value: ratio(
          reaction.ours.scaleIn?.afterSeconds,
          reaction.targetTracking.scaleIn?.afterSeconds,
        ),
        unit: '×',
        note: `${seconds(reaction.ours.scaleIn?.afterSeconds)} vs ${seconds(reaction.targetTracking.scaleIn?.afterSeconds)} (ours waits behavior.scaleDown.stabilizationWindowSeconds, 300 s by default)`,
      },
    ],
    comparison,
    details: { ...input },
  };
}

function ratio(ours: number | undefined, theirs: number | undefined): number | undefined {
  return ours === undefined || theirs === undefined || theirs === 0
    ? undefined
    : round(ours / theirs, 2);
}
