import type { TaskStateChange } from '../task-state-change.ts';
import type { DescribedStop } from '../types.ts';

/**
 * The stopped task with its stop as DescribeTasks reports it: the statuses, the containers' exit
 * codes and reasons, the stop code and the stopped reason come from ECS's own record when it has
 * them, and from the event otherwise. The function reads DescribeTasks anyway (for the tags), so
 * the tags and the exit codes the decision reads describe one and the same record: ECS's own. An
 * interruption warning is acted on only while ECS itself says the task is being stopped for a
 * capacity loss, whatever an event claims.
 */
export function applyDescribedStop(
  task: TaskStateChange,
  described: DescribedStop | undefined,
): TaskStateChange {
  if (described === undefined) return task;
  return {
    ...task,
    ...(described.containers.length > 0 ? { containers: described.containers } : {}),
    ...(described.stopCode !== undefined ? { stopCode: described.stopCode } : {}),
    ...(described.stoppedReason !== undefined ? { stoppedReason: described.stoppedReason } : {}),
    ...(described.lastStatus ? { lastStatus: described.lastStatus } : {}),
    ...(described.desiredStatus ? { desiredStatus: described.desiredStatus } : {}),
    // A warning carries no stop time; ECS's record has one once the task stopped.
    ...(task.stoppedAt === undefined && described.stoppedAt !== undefined
      ? { stoppedAt: described.stoppedAt }
      : {}),
  };
}
