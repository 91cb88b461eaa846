/** What started the invocation, as far as sub-ticks care. */
export type SubTickTrigger = 'scheduled' | 'alarm' | 'manual';

/** The schedule runs the function once a minute (`rate(1 minute)` in serverless.yml). */
const scheduleMs = 60_000;

/**
 * When, after the start of an invocation, its evaluations are due: every `intervalSeconds` within
 * the schedule's minute for a scheduled invocation (0, 20 and 40 s at 20 s), once for an alarm or
 * a manual run (an extra look between the minutes, not a minute of its own). The next scheduled
 * invocation takes over at 60 s, so no evaluation is planned there or later.
 *
 * @returns offsets in milliseconds, 0 first.
 * @throws never.
 */
export function planSubTickOffsets(intervalSeconds: number, trigger: SubTickTrigger): number[] {
  const intervalMs = Math.max(1, intervalSeconds) * 1000;
  if (trigger !== 'scheduled') return [0];
  const offsets: number[] = [];
  for (let offset = 0; offset < scheduleMs; offset += intervalMs) offsets.push(offset);
  return offsets;
}

/**
 * When an invocation's evaluations are due, in epoch ms: the first at once, the later ones at
 * their offsets from the minute the schedule fired for (the event's `time`), so an invocation that
 * starts late (EventBridge delivers a schedule within about a minute of its time) still ends
 * within its own minute instead of holding the function's one concurrent run when the next minute
 * fires; offsets already past when it starts are left out (the first evaluation covers them).
 * Without a usable schedule time (an alarm, a manual run, a time more than a minute back or in the
 * future), offsets count from the start.
 *
 * @returns due times, `start` first.
 * @throws never.
 */
export function planSubTickTimes(options: {
  start: number;
  /** Epoch ms of the scheduled event's `time`, when the invocation is scheduled. */
  scheduledAt?: number | undefined;
  intervalSeconds: number;
  trigger: SubTickTrigger;
}): number[] {
  const { start, scheduledAt } = options;
  const late = scheduledAt === undefined ? Number.NaN : start - scheduledAt;
  const anchor = late >= 0 && late < scheduleMs ? (scheduledAt as number) : start;
  const [, ...later] = planSubTickOffsets(options.intervalSeconds, options.trigger);
  return [start, ...later.map((offset) => anchor + offset).filter((due) => due > start)];
}

/**
 * Whether the evaluation due at `offsetMs` still fits the function's time budget: after waiting
 * for it, the time left must hold twice the longest evaluation so far (a slow evaluation must not
 * run into Lambda's timeout, and a report must follow it).
 *
 * @param options.elapsedMs time since the first evaluation started.
 * @param options.remainingMs time left before the function must stop starting work.
 * @throws never.
 */
export function fitsTimeBudget(options: {
  offsetMs: number;
  elapsedMs: number;
  remainingMs: number;
  longestEvaluationMs: number;
}): boolean {
  const wait = Math.max(0, options.offsetMs - options.elapsedMs);
  return options.remainingMs - wait >= 2 * options.longestEvaluationMs;
}
