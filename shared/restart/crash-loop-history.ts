import { getTaskDefinitionFamily } from '../aws/ecs-arn.ts';
import { describeTasksAs, listTaskArnsUpTo, type TaskSnapshot } from '../aws/ecs-tasks.ts';
import type { RestartConfig } from '../config/restart-section.ts';
import { STARTED_BY } from './policy/build-run-task-input.ts';
import type { CrashLoopHistoryEntry } from './policy/decide-crash-loop.ts';
import type { TaskStateChange } from './task-state-change.ts';

/**
 * The most stopped tasks one event reads for its crash-loop history: 10 ListTasks pages and 10
 * DescribeTasks calls (100 tasks each), whatever the cluster holds. ECS keeps stopped tasks about
 * an hour, and a busy cluster holds thousands: reading them all (with `scope: group`, every
 * stopped task of the cluster) would not finish in the function's 30 s. Four describe lanes hold
 * at most four raw answers at a time; each task is reduced to six fields before the next call.
 */
export const HISTORY_MAX_TASKS = 1_000;

/** Recent stops of the task's peers, and whether the scan stopped at {@link HISTORY_MAX_TASKS}. */
export type CrashLoopHistory = { entries: CrashLoopHistoryEntry[]; truncated: boolean };

/**
 * Recent stops of restarted tasks (`startedBy` ecs-autopilot) of the same family, or the same
 * group, in the same cluster, other than `task` itself. ListTasks refuses `startedBy` combined
 * with any other filter, so it lists by family (or the whole cluster for group scope) and the
 * startedBy and group filters apply after DescribeTasks. At most {@link HISTORY_MAX_TASKS}
 * stopped tasks are read; beyond them the count is a lower bound (`truncated`).
 *
 * Requires ecs:ListTasks, ecs:DescribeTasks.
 */
export async function listCrashLoopHistory(
  task: TaskStateChange,
  scope: RestartConfig['crashLoop']['scope'],
): Promise<CrashLoopHistory> {
  const listed = await listTaskArnsUpTo(
    task.clusterArn,
    { desiredStatus: 'STOPPED', ...(scope === 'family' ? { family: task.family } : {}) },
    HISTORY_MAX_TASKS / 100,
  );
  const others = listed.taskArns.filter((arn) => arn !== task.taskArn);
  if (others.length === 0) return { entries: [], truncated: listed.truncated };
  const { tasks } = await describeTasksAs(task.clusterArn, others, {
    tags: false,
    keep: ({ taskArn, taskDefinitionArn, startedBy, group, stoppedAt, stopCode }) => ({
      taskArn,
      taskDefinitionArn,
      startedBy,
      group,
      stoppedAt,
      stopCode,
    }),
  });
  const entries = tasks.filter((t) => isPeer(t, task, scope)).flatMap(toHistoryEntry);
  return { entries, truncated: listed.truncated };
}

/** What the crash-loop history reads of a stopped task. */
type HistoryCandidate = Pick<
  TaskSnapshot,
  'taskArn' | 'taskDefinitionArn' | 'startedBy' | 'group' | 'stoppedAt' | 'stopCode'
>;

function isPeer(
  candidate: HistoryCandidate,
  task: TaskStateChange,
  scope: RestartConfig['crashLoop']['scope'],
): boolean {
  if (candidate.startedBy !== STARTED_BY) return false;
  return scope === 'family'
    ? getTaskDefinitionFamily(candidate.taskDefinitionArn ?? '') === task.family
    : task.group !== undefined && candidate.group === task.group;
}

function toHistoryEntry(t: HistoryCandidate): CrashLoopHistoryEntry[] {
  if (t.taskArn === undefined || t.stoppedAt === undefined) return [];
  return [
    {
      taskArn: t.taskArn,
      stoppedAt: t.stoppedAt.getTime(),
      ...(t.stopCode !== undefined ? { stopCode: t.stopCode } : {}),
    },
  ];
}
