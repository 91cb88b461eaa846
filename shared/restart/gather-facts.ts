import { describeTaskDefinition } from '../aws/ecs-task-definitions.ts';
import { describeTasks, type TaskSnapshot } from '../aws/ecs-tasks.ts';
import type { RestartConfig } from '../config/restart-section.ts';
import { AwsCallError } from '../runtime/errors.ts';
import { listCrashLoopHistory } from './crash-loop-history.ts';
import type { TaskDefinitionFacts } from './policy/decide-restart.ts';
import { isCapacityLoss } from './policy/resolve-capacity.ts';
import { parseRestartTags } from './restart-tags.ts';
import type { TaskStateChange } from './task-state-change.ts';
import type { DescribedStop, RestartFacts } from './types.ts';

/** Task definition facts per revision ARN, for the container's life: revisions are immutable. */
const definitionCache = new Map<string, Promise<TaskDefinitionFacts>>();

/** Empties the task definition cache (tests). */
export function resetTaskDefinitionCache(): void {
  definitionCache.clear();
}

/**
 * Gathers the facts for one stopped task with at most one ECS round trip on the path to RunTask:
 * DescribeTasks (tags), DescribeTaskDefinition (cached) and the crash-loop history run in
 * parallel. The history (ListTasks then DescribeTasks) is read only when the stop is not a
 * capacity loss: capacity losses never count toward the breaker and restart at once, so they
 * keep the hot path at DescribeTasks ∥ DescribeTaskDefinition → RunTask; every other restart
 * waits a backoff in the delay queue, so its two history calls are not on the RunTask path.
 *
 * @throws AwsCallError when a read fails, or DescribeTasks reports the task in `failures[]` for a
 *   reason other than MISSING (the trigger retries).
 * Requires ecs:DescribeTasks, ecs:DescribeTaskDefinition, ecs:ListTasks.
 */
export async function gatherRestartFacts(
  task: TaskStateChange,
  config: Pick<RestartConfig, 'crashLoop'>,
): Promise<RestartFacts> {
  const historyNeeded = !isCapacityLoss(task);
  const [described, definition, history] = await Promise.all([
    describeTasks(task.clusterArn, [task.taskArn]),
    getTaskDefinitionFacts(task.taskDefinitionArn),
    historyNeeded
      ? listCrashLoopHistory(task, config.crashLoop.scope)
      : Promise.resolve({ entries: [], truncated: false }),
  ]);
  const snapshot = described.tasks.find((t) => t.taskArn === task.taskArn);
  const failure = described.failures.find((f) => f.arn === task.taskArn && f.reason !== 'MISSING');
  if (snapshot === undefined && failure !== undefined) {
    // Only MISSING means ECS forgot the task; any other reason is ECS failing to answer, and
    // taking it for a vanished task would drop the restart: the trigger retries instead.
    throw new AwsCallError('DescribeTasks', new Error(`failures[]: ${failure.reason}`), {
      kind: 'server',
    });
  }
  const tags = Object.entries(snapshot?.tags ?? {}).map(([key, value]) => ({ key, value }));
  return {
    taskFound: snapshot !== undefined,
    tags,
    restartTags: parseRestartTags(tags),
    ...(snapshot !== undefined ? { describedStop: toDescribedStop(snapshot) } : {}),
    definition,
    history: history.entries,
    historyRead: historyNeeded,
    historyTruncated: history.truncated,
  };
}

/** The stop fields of a DescribeTasks answer, in the event's vocabulary. */
function toDescribedStop(snapshot: TaskSnapshot): DescribedStop {
  const containers = (snapshot.containers ?? []).flatMap((c) =>
    c.name === undefined
      ? []
      : [
          {
            name: c.name,
            ...(c.exitCode !== undefined && c.exitCode !== null ? { exitCode: c.exitCode } : {}),
            ...(c.reason ? { reason: c.reason } : {}),
          },
        ],
  );
  return {
    containers,
    ...(snapshot.lastStatus ? { lastStatus: snapshot.lastStatus } : {}),
    ...(snapshot.desiredStatus ? { desiredStatus: snapshot.desiredStatus } : {}),
    ...(snapshot.stoppedAt !== undefined ? { stoppedAt: snapshot.stoppedAt.getTime() } : {}),
    ...(snapshot.stopCode !== undefined ? { stopCode: snapshot.stopCode } : {}),
    ...(snapshot.stoppedReason ? { stoppedReason: snapshot.stoppedReason } : {}),
  };
}

/**
 * Essential container names and network mode of a revision, cached per ARN (a failed lookup is
 * forgotten so the next invocation asks again). Requires ecs:DescribeTaskDefinition.
 */
export function getTaskDefinitionFacts(arn: string): Promise<TaskDefinitionFacts> {
  let facts = definitionCache.get(arn);
  if (facts === undefined) {
    facts = describeTaskDefinition(arn).then((d) => ({
      essentialContainerNames: d.essentialContainers,
      sidecarContainerNames: d.sidecarContainers,
      launchConfiguredVolumes: d.launchConfiguredVolumes,
      ...(d.networkMode !== undefined ? { networkMode: d.networkMode } : {}),
      ...(d.taskRoleArn !== undefined ? { taskRoleArn: d.taskRoleArn } : {}),
      ...(d.executionRoleArn !== undefined ? { executionRoleArn: d.executionRoleArn } : {}),
    }));
    definitionCache.set(arn, facts);
    facts.catch(() => definitionCache.delete(arn));
  }
  return facts;
}

/**
 * The task definition a delayed restart would run, or why ECS will not describe it: a revision
 * deleted since the message was queued (`ClientException`), or a role that may not read it, which
 * RunTask would meet too. Retrying cannot change either, so the plan abandons such a restart.
 *
 * @throws AwsCallError for a failure a later try may get past (the delivery is retried).
 * Requires ecs:DescribeTaskDefinition.
 */
export async function readDelayedRestartDefinition(
  arn: string,
): Promise<TaskDefinitionFacts | { unreadable: string }> {
  try {
    return await getTaskDefinitionFacts(arn);
  } catch (error) {
    if (
      error instanceof AwsCallError &&
      (error.kind === 'client' || error.kind === 'access-denied')
    ) {
      return { unreadable: `DescribeTaskDefinition: ${error.awsErrorName}: ${error.message}` };
    }
    throw error;
  }
}
