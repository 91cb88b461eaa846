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
