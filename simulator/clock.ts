/**
 * The simulator's notion of time. Everything time-based (delays, ages, retention, metric
 * timestamps, token refills) reads this clock, so tests can fake it.
 */

/** Returns the current time in epoch milliseconds. */
export type Clock = () => number;

/** A clock that only moves when told to: for tests and scenario drivers. */
export type ManualClock = {
  now: Clock;
  /** Moves time forward by `ms` milliseconds. */
  advance: (ms: number) => void;
  /** Jumps to an absolute time (epoch ms). */
  set: (epochMs: number) => void;
};

/** Creates a manual clock starting at `startMs` (default: 2026-01-01T00:00:00Z). */
export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (epochMs) => {
      current = epochMs;
    },
  };
}

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration such as `'40d'`, `'90m'`, `'30s'`, `'250ms'` (or a number of seconds).
 * @throws Error when the text is not a duration.
 */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value * 1000;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value.trim());
  const unit = match?.[2];
  if (!match || unit === undefined) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * (units[unit] ?? 0);
}
