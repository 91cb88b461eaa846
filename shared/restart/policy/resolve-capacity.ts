import type { RestartConfig } from '../../config/restart-section.ts';
import type { TaskStateChange } from '../task-state-change.ts';
import type { RestartCapacity } from './restart-decision.ts';

/** Stop codes meaning the capacity went away under the task (not the task's fault). */
export const CAPACITY_LOSS_STOP_CODES: readonly string[] = [
  'SpotInterruption',
  'TerminationNotice',
];

/** Whether the task stopped (or is being stopped) for a capacity loss, not for its own fault. */
export function isCapacityLoss(task: Pick<TaskStateChange, 'stopCode'>): boolean {
  return task.stopCode !== undefined && CAPACITY_LOSS_STOP_CODES.includes(task.stopCode);
}

/**
 * Whether the event is the warning ECS sends before it stops a task for a capacity loss: the task
 * still runs (`lastStatus` not STOPPED) and ECS wants it stopped for a capacity-loss stop code.
 * Fargate Spot's two-minute warning is one ("Amazon ECS clusters for Fargate", "Fargate Spot
 * termination notices": `lastStatus: RUNNING`, `desiredStatus: STOPPED`,
 * `stopCode: SpotInterruption`; older copies of that page showed `TerminationNotice`, which is
 * accepted too): https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
 */
export function isInterruptionWarning(
  task: Pick<TaskStateChange, 'lastStatus' | 'desiredStatus' | 'stopCode'>,
): boolean {
  return task.lastStatus !== 'STOPPED' && task.desiredStatus === 'STOPPED' && isCapacityLoss(task);
}

/**
 * Where the restarted task runs. After a capacity loss on a provider that has a `spotFallback`
 * entry, the fallback strategy; otherwise the provider the task ran on (events carry only the one
 * it landed on, not the original strategy), or its launch type. The two are mutually exclusive
 * in RunTask, so exactly one is returned.
 */
export function resolveCapacity(
  task: TaskStateChange,
  config: Pick<RestartConfig, 'spotFallback'>,
): RestartCapacity {
  const provider = task.capacityProviderName;
  const lostCapacity = isCapacityLoss(task);
  const fallback = lostCapacity ? config.spotFallback.find((f) => f.from === provider) : undefined;
  if (fallback !== undefined) {
    return {
      capacityProviderStrategy: fallback.to.map((item) => ({ ...item })),
      source: 'spot-fallback',
    };
  }
  if (provider !== undefined) {
    return {
      capacityProviderStrategy: [{ capacityProvider: provider, weight: 1 }],
      source: 'original',
    };
  }
  return task.launchType === undefined
    ? { source: 'original' }
    : { launchType: task.launchType, source: 'original' };
}
