/**
 * The load both scalers face in the reaction-time comparison: a service of 4 tasks at its CPU
 * target, whose work jumps to 1.8 × that at minute 5 and falls to a third of it at minute 20.
 * Work is counted in tasks' worth (a task at 100 % CPU does 1), so the CPU a service shows depends
 * on how many tasks it runs: scaling out brings it down, scaling in brings it up. New tasks count
 * from the minute after the change (no start-up time, for either scaler).
 */

export const loadStep = {
  cluster: 'web',
  service: 'api',
  tasks: 4,
  /** CPU target of both scalers, percent. */
  targetPercent: 50,
  min: 1,
  max: 20,
  /** Work from each minute on. */
  phases: [
    { fromMinute: 0, work: 2 },
    { fromMinute: 5, work: 3.6 },
    { fromMinute: 20, work: 1.2 },
  ],
  /** Minutes each scaler is given; enough for target tracking's 15-minute scale-in. */
  minutes: 40,
} as const;

/** The minute the load rises, and the one it falls. */
export const loadRisesAt = loadStep.phases[1].fromMinute;
export const loadFallsAt = loadStep.phases[2].fromMinute;

/** The work during minute `minute` (minutes before the first count as the first). */
export function workAt(minute: number): number {
  let work: number = loadStep.phases[0].work;
  for (const phase of loadStep.phases) if (minute >= phase.fromMinute) work = phase.work;
  return work;
}

/** Average CPU utilization of a service running `tasks` tasks during `minute`, percent. */
export function cpuAt(minute: number, tasks: number): number {
  return Math.min(100, (100 * workAt(minute)) / Math.max(1, tasks));
}
