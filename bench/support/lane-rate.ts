/**
 * Achieved call rates from the simulator's call log, in simulated seconds. Pure.
 */
import type { CallRecord } from '../../simulator/index.ts';

/** A window of simulated time (one invocation). */
export type Window = { startedAt: number; endedAt: number };

/** Calls of one action in a set of windows, and the rate they achieved. */
export type LaneRate = {
  calls: number;
  /** Σ (calls - 1) / Σ (last - first) over windows with at least two calls, per second. */
  ratePerSecond: number | undefined;
  /** Simulated seconds between each window's first and last call, summed. */
  activeSeconds: number;
};

/**
 * Rate of successful calls of `action` while its lane was active: within each window, from its
 * first to its last call. Gaps between invocations and the inventory phase before the first call
 * are not counted, so the figure is the pacer's, not the schedule's.
 */
export function laneRate(
  calls: readonly CallRecord[],
  action: string,
  windows: Window[],
): LaneRate {
  let count = 0;
  let intervals = 0;
  let activeMs = 0;
  for (const window of windows) {
    const times = calls
      .filter(
        (call) =>
          call.action === action &&
          call.ok &&
          call.at >= window.startedAt &&
          call.at <= window.endedAt,
      )
      .map((call) => call.at);
    count += times.length;
    if (times.length < 2) continue;
    intervals += times.length - 1;
    activeMs += Math.max(...times) - Math.min(...times);
  }
  return {
    calls: count,
    ratePerSecond: activeMs > 0 ? intervals / (activeMs / 1000) : undefined,
    activeSeconds: activeMs / 1000,
  };
}

/** Successful calls of `action` per simulated second between the first and the last one. */
export function overallRate(calls: readonly CallRecord[], action: string): number | undefined {
  const times = calls.filter((call) => call.action === action && call.ok).map((call) => call.at);
  if (times.length < 2) return undefined;
  const spanMs = Math.max(...times) - Math.min(...times);
  return spanMs > 0 ? (times.length - 1) / (spanMs / 1000) : undefined;
}
