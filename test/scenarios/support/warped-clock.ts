import { replaceDateNow } from '../../../bench/support/time-warp.ts';

/**
 * A test's own compressed clock: `Date` runs `factor` times faster than the wall clock from
 * `start` on, for the simulator and for the bundle loaded in this process alike, so a scale
 * function that waits 20 s between evaluations waits 20 / factor seconds. The function's own
 * waits are compressed by the same factor through PACING_TIME_FACTOR.
 */
export type WarpedClock = { now: () => number; restore: () => void };

/** Replaces `Date` with one that starts at `start` and runs `factor` times the wall clock. */
export function installWarpedClock(options: { start: number; factor: number }): WarpedClock {
  const wallStart = performance.now();
  const now = () => Math.floor(options.start + (performance.now() - wallStart) * options.factor);
  return { now, restore: replaceDateNow(now) };
}

/** Waits (wall clock) until the warped clock reaches `at`. */
export async function waitUntil(clock: WarpedClock, at: number, factor: number): Promise<void> {
  const wait = (at - clock.now()) / factor;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
