import type { RestartConfig } from '../../config/restart-section.ts';
import { CAPACITY_LOSS_STOP_CODES } from './resolve-capacity.ts';

/**
 * A recent stop of a task in the same family (or group), gathered by the handler in parallel with
 * the main path: ListTasks(family, desiredStatus STOPPED, startedBy 'ecs-autopilot') then
 * DescribeTasks. Epoch ms.
 */
export type CrashLoopHistoryEntry = { taskArn: string; stoppedAt: number; stopCode?: string };

/** Whether the breaker is open, with the count that decided it. */
export type CrashLoopDecision = { tripped: boolean; failures: number };

/** Deliberate stops and capacity losses say nothing about the task's health, so they never count. */
const NOT_FAILURES: readonly string[] = [
  'UserInitiated',
  'ServiceSchedulerInitiated',
  ...CAPACITY_LOSS_STOP_CODES,
];

/**
 * Counts failures of the same family/group in the window ending at `now`, the current stop
 * included (deduplicated by task ARN, so a duplicate event or a history that already holds the
 * current task does not count twice). Trips when the count reaches `maxFailures`.
 */
export function decideCrashLoop(
  current: CrashLoopHistoryEntry,
  history: readonly CrashLoopHistoryEntry[],
  crashLoop: RestartConfig['crashLoop'],
  now: number,
): CrashLoopDecision {
  const since = now - crashLoop.windowSeconds * 1000;
  const arns = new Set<string>();
  for (const entry of [current, ...history]) {
    const counts = entry.stopCode === undefined || !NOT_FAILURES.includes(entry.stopCode);
    if (counts && entry.stoppedAt >= since) arns.add(entry.taskArn);
  }
  return { tripped: arns.size >= crashLoop.maxFailures, failures: arns.size };
}
