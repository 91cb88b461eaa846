/**
 * Fargate Spot's interruption: a warning, then the stop. What AWS documents ("Amazon ECS clusters
 * for Fargate", section "Fargate Spot termination notices"): "When tasks using Fargate Spot
 * capacity are stopped due to a Spot interruption, a two-minute warning is sent before a task is
 * stopped. The warning is sent as a task state change event to Amazon EventBridge and as a SIGTERM
 * signal to the running task"; the event shown there has `lastStatus: RUNNING`,
 * `desiredStatus: STOPPED`, `stoppedReason: "Your Spot Task was interrupted."` and
 * `stopCode: SpotInterruption` (older copies of the page said `TerminationNotice`). The
 * containers then have their `stopTimeout` (default 30 s, at most 120 s) before "the container is
 * forcefully stopped": a container that does not exit on SIGTERM is killed (137) when its timeout
 * ends, so the task stops at the warning plus the longest timeout, never more than two minutes.
 */
import type { SimContext } from '../context.ts';
import type { TaskRecord } from '../state.ts';
import { findTaskDefinition } from './task-definitions.ts';
import { StopCode } from './task-lifecycle.ts';

/** ContainerDefinition.stopTimeout: 30 s unless set, at most 120 s on Fargate. */
const defaultStopTimeoutSeconds = 30;
const warningSeconds = 120;

/**
 * Sends the interruption warning for a RUNNING Fargate Spot task: desiredStatus STOPPED now
 * (one task state change event, lastStatus still RUNNING), the stop itself later, when the
 * control loop runs after its due time. `exitAfterSeconds` is when the containers exit on their
 * own after SIGTERM (143); by default, or when later than their stopTimeout, they are killed at
 * the timeout (137).
 *
 * @returns the epoch ms at which the task will stop.
 * @throws Error for a task that is not a RUNNING FARGATE_SPOT task with nothing else pending.
 */
export function interruptSpotTask(
  ctx: SimContext,
  task: TaskRecord,
  options: { exitAfterSeconds?: number } = {},
): number {
  if (task.capacityProviderName !== 'FARGATE_SPOT') {
    throw new Error(`task ${task.arn} does not run on FARGATE_SPOT`);
  }
  if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') {
    throw new Error(`task ${task.arn} is not RUNNING`);
  }
  const timeout = Math.min(warningSeconds, stopTimeoutOf(ctx, task));
  const exitAfter = options.exitAfterSeconds;
  const killed = exitAfter === undefined || exitAfter >= timeout;
  const now = ctx.now();
  const dueAt = now + (killed ? timeout : Math.max(0, exitAfter)) * 1000;
  task.desiredStatus = 'STOPPED';
  task.stopCode = StopCode.spotInterruption;
  task.stoppedReason = 'Your Spot Task was interrupted.';
  task.pendingStop = { dueAt, exitCode: killed ? 137 : 143 };
  task.version += 1;
  ctx.emitTaskEvent(task);
  return dueAt;
}

/** The longest stopTimeout of the task's containers, as its task definition sets them. */
function stopTimeoutOf(ctx: SimContext, task: TaskRecord): number {
  const definition = findTaskDefinition(ctx, task.taskDefinitionArn);
  const timeouts = definition.containerDefinitions.map((container) =>
    typeof container.stopTimeout === 'number' ? container.stopTimeout : defaultStopTimeoutSeconds,
  );
  return timeouts.length > 0 ? Math.max(...timeouts) : defaultStopTimeoutSeconds;
}
