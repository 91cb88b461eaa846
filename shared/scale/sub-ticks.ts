import type { InvocationContext } from '../runtime/invocation-context.ts';
import {
  fitsTimeBudget,
  planSubTickOffsets,
  type SubTickTrigger,
} from './policy/plan-sub-ticks.ts';
import type { ScaleTickReport } from './report.ts';

/** When the evaluations of one invocation run. */
export type SubTickClock = {
  /** The moment of the next evaluation, after waiting for it; undefined when none is left. */
  next: () => Promise<Date | undefined>;
};

/**
 * The evaluation times of one invocation: its start, then every `evaluationIntervalSeconds`
 * within the minute for a scheduled invocation, while the time budget holds twice the longest
 * evaluation so far. Each evaluation decides with the later of the clock and its planned time.
 * The wait is divided by `PACING_TIME_FACTOR` (benchmarks that compress time).
 */
export function startSubTickClock(
  ctx: Pick<InvocationContext<'scale'>, 'now' | 'remainingMs' | 'policy' | 'settings'>,
  trigger: SubTickTrigger,
): SubTickClock {
  const start = ctx.now.getTime();
  const factor = ctx.settings.PACING_TIME_FACTOR;
  const offsets = planSubTickOffsets(ctx.policy.scale.evaluationIntervalSeconds, trigger);
  let index = 0;
  let longest = 0;
  let startedAt: number | undefined;
  return {
    next: async () => {
      if (startedAt !== undefined)
        longest = Math.max(longest, (performance.now() - startedAt) * factor);
      const offset = offsets[index];
      if (offset === undefined) return undefined;
      const elapsedMs = Date.now() - start;
      const remainingMs = ctx.remainingMs();
      if (
        index > 0 &&
        !fitsTimeBudget({ offsetMs: offset, elapsedMs, remainingMs, longestEvaluationMs: longest })
      ) {
        return undefined;
      }
      index += 1;
      const wait = offset - elapsedMs;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait / factor));
      startedAt = performance.now();
      return new Date(Math.max(Date.now(), start + offset));
    },
  };
}

/** The report an invocation returns: its first evaluation, and the later ones beside it. */
export type ScaleInvocationReport = ScaleTickReport & {
  /** The evaluations after the first (sub-ticks), each with its offset from the first. */
  subTicks?: (ScaleTickReport & { offsetSeconds: number })[];
};

/**
 * Joins an invocation's evaluation reports: the first at the top, as a single evaluation reports
 * itself, the later ones under `subTicks` with their offsets.
 *
 * @throws Error when there is no report (an invocation always evaluates at least once).
 */
export function combineEvaluationReports(
  reports: readonly { report: ScaleTickReport; at: number }[],
): ScaleInvocationReport {
  const [first, ...later] = reports;
  if (first === undefined) throw new Error('an invocation evaluates at least once');
  if (later.length === 0) return first.report;
  return {
    ...first.report,
    subTicks: later.map(({ report, at }) => ({
      ...report,
      offsetSeconds: Math.round((at - first.at) / 100) / 10,
    })),
  };
}
