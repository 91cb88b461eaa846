/**
 * The load steps of the sub-minute reaction benchmark: one service per step and load kind, each
 * at its target until its step, at a seeded random phase of the minute (the scale function's
 * invocations start at the minute), then at 1.8 times its target (the load step of
 * bench/support/load-step.ts).
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export const reactionSteps = {
  /** Steps per load kind. */
  count: 20,
  /** Seconds between two steps' minutes: each service has the minute after its step to itself. */
  spacingSeconds: 90,
  tasks: 4,
  targetPercent: 50,
  /** Messages per task the queue-driven services aim at. */
  messagesPerTask: 20,
  /** The work before and after the step, in tasks' worth (1.8 × the target). */
  workBefore: 2,
  workAfter: 3.6,
  seed: 20,
} as const;

/** One step: its index and its time within the run, in ms from the run's first minute. */
export type ReactionStep = { index: number; offsetMs: number };

/**
 * The steps: step k in the minute that starts `60 + spacing × k` s after the run's first
 * minute, at a phase drawn uniformly from [0, 60) s with a generator seeded with `seed`.
 */
export function planReactionSteps(seed: number = reactionSteps.seed): ReactionStep[] {
  const generator = xoroshiro128plus(seed);
  return Array.from({ length: reactionSteps.count }, (_, index) => {
    const phaseMs = Math.floor(uniformFloat64(generator) * 60_000);
    return { index, offsetMs: 60_000 + reactionSteps.spacingSeconds * 1000 * index + phaseMs };
  });
}

/** CPU percent of a service running `tasks` tasks with `work` tasks' worth of work. */
export function cpuPercent(work: number, tasks: number): number {
  return Math.min(100, (100 * work) / Math.max(1, tasks));
}

/**
 * The average of a step function of time over [start, end): `valueAt` changes only at the
 * given instants (the step, a change of task count), so the average is exact piecewise.
 */
export function averageOver(
  start: number,
  end: number,
  valueAt: (at: number) => number,
  changes: readonly number[],
): number {
  const cuts = [
    start,
    ...changes.filter((at) => at > start && at < end).sort((a, b) => a - b),
    end,
  ];
  let sum = 0;
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const from = cuts[i] ?? start;
    const to = cuts[i + 1] ?? end;
    sum += valueAt(from) * (to - from);
  }
  return sum / (end - start);
}
