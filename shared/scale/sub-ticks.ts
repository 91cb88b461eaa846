import type { InvocationContext } from '../runtime/invocation-context.ts';
import { fitsTimeBudget, planSubTickTimes, type SubTickTrigger } from './policy/plan-sub-ticks.ts';
import { carrySubTickHistory, type SubTickHistory } from './policy/sub-tick-history.ts';
import type { ScaleTickReport } from './report.ts';

/**
 * The container's own record of its recent evaluations, kept across invocations: the next
 * minute's first evaluation (or an alarm's) runs seconds after the last one, before CloudWatch
 * shows what that one published. The function runs one invocation at a time (reserved
 * concurrency 1), so a warm container's record is complete.
 */
let carried: SubTickHistory | undefined;

/** The record an invocation starting at `now` begins with (see carrySubTickHistory). */
export function carryHistory(now: number, evaluationIntervalSeconds: number): SubTickHistory {
  return carrySubTickHistory(carried, now, evaluationIntervalSeconds);
}

/** Keeps an evaluation's record for the container's next invocation. */
export function keepHistory(history: SubTickHistory): void {
  carried = history;
}

/** Forgets the container's record (tests of a fresh container). */
export function forgetHistory(): void {
  carried = undefined;
}

/** When the evaluations of one invocation run. */
export type SubTickClock = {
  /** The moment of the next evaluation, after waiting for it; undefined when none is left. */
  next: () => Promise<Date | undefined>;
};

/**
 * The evaluation times of one invocation: its start, then every `evaluationIntervalSeconds`
 * within the scheduled minute (planSubTickTimes) for a scheduled invocation, while the time
 * budget holds twice the longest evaluation so far. Each evaluation decides with the later of the
 * clock and its due time. The wait is divided by `PACING_TIME_FACTOR` (benchmarks that compress
 * time).
 *
 * @param scheduledAt epoch ms of a scheduled event's `time`.
 */
export function startSubTickClock(
  ctx: Pick<InvocationContext<'scale'>, 'now' | 'remainingMs' | 'policy' | 'settings'>,
  trigger: SubTickTrigger,
  scheduledAt?: number,
): SubTickClock {
  const start = ctx.now.getTime();
  const factor = ctx.settings.PACING_TIME_FACTOR;
  const intervalSeconds = ctx.policy.scale.evaluationIntervalSeconds;
  const dueTimes = planSubTickTimes({ start, scheduledAt, intervalSeconds, trigger });
  let index = 0;
  let longest = 0;
  let startedAt: number | undefined;
  return {
    next: async () => {
      if (startedAt !== undefined)
        longest = Math.max(longest, (performance.now() - startedAt) * factor);
      const due = dueTimes[index];
      if (due === undefined) return undefined;
      const elapsedMs = Date.now() - start;
      const remainingMs = ctx.remainingMs();
      const offsetMs = due - start;
      if (
        index > 0 &&
        !fitsTimeBudget({ offsetMs, elapsedMs, remainingMs, longestEvaluationMs: longest })
      ) {
        return undefined;
      }
      index += 1;
      const wait = offsetMs - elapsedMs;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait / factor));
      startedAt = performance.now();
      return new Date(Math.max(Date.now(), due));
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
