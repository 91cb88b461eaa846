import type { RestartConfig } from '../../config/restart-section.ts';
import type { DelayedRestartMessage } from '../delayed-restart-message.ts';
import type { RunTaskInput } from '../run-task-input.ts';
import type { TaskStateChange } from '../task-state-change.ts';
import { computeBackoffSeconds } from './compute-backoff.ts';
import { computeClientToken } from './compute-client-token.ts';
import type { RestartDecision } from './restart-decision.ts';
import { isRetriedByOrchestrator } from './retried-by-orchestrator.ts';

/**
 * The delay-queue message for a restart decision: everything needed to run the task again later.
 * Returns the body to send with `DelaySeconds = decision.delaySeconds`.
 */
export function buildDelayedRestartMessage(
  task: TaskStateChange,
  decision: Extract<RestartDecision, { action: 'restart' }>,
  runTaskInput: RunTaskInput,
  now: number,
): DelayedRestartMessage {
  return {
    kind: 'ecs-autopilot.delayed-restart',
    schemaVersion: 1,
    stoppedTaskArn: task.taskArn,
    clusterArn: task.clusterArn,
    family: task.family,
    ...(task.group !== undefined ? { group: task.group } : {}),
    lineage: decision.lineage,
    attempt: decision.attempt,
    reason: decision.reason,
    orchestrated: isRetriedByOrchestrator(task),
    runTaskInput,
    runTaskRetries: 0,
    placementRound: 0,
    notBefore: now + decision.delaySeconds * 1000,
  };
}

/**
 * How a RunTask call failed: `capacity` = ECS answered `failures[]` and started nothing;
 * `throttled` and `unknown` = worth another try with the same token; `rejected` = ECS refused the
 * request itself (invalid parameters, an INACTIVE revision, iam:PassRole), which no retry fixes.
 */
export type RunTaskFailureKind = 'capacity' | 'throttled' | 'unknown' | 'rejected';

/** Retry the RunTask later with `message`, or abandon the lineage (audit event + metric). */
export type RunTaskRetryDecision =
  | {
      action: 'retry';
      reason: 'run-task-retry';
      delaySeconds: number;
      message: DelayedRestartMessage;
    }
  | {
      action: 'abandon';
      reason: 'run-task-budget-exhausted' | 'run-task-rejected';
      retries: number;
    };

/**
 * Decides what follows a failed RunTask. A rejected request is abandoned at once: the same request
 * would be refused again, and five more tries would only delay the alarm. Within
 * `runTaskRetry.maxRetries`, the same request goes
 * back to the delay queue after a backoff. After `capacity` failures the placement round moves
 * on, so the next call gets a new clientToken (ECS would otherwise replay the failed answer);
 * after throttling or an unknown outcome the token is kept, since a task may have started.
 */
export function decideRunTaskRetry(
  message: DelayedRestartMessage,
  failure: RunTaskFailureKind,
  config: Pick<RestartConfig, 'runTaskRetry' | 'backoff'>,
  options: { now: number; random: number },
): RunTaskRetryDecision {
  if (failure === 'rejected') {
    return { action: 'abandon', reason: 'run-task-rejected', retries: message.runTaskRetries };
  }
  const retries = message.runTaskRetries + 1;
  if (retries > config.runTaskRetry.maxRetries) {
    return {
      action: 'abandon',
      reason: 'run-task-budget-exhausted',
      retries: message.runTaskRetries,
    };
  }
  const placementRound = message.placementRound + (failure === 'capacity' ? 1 : 0);
  const delaySeconds = computeBackoffSeconds(retries, config.backoff, options.random);
  const clientToken = computeClientToken(message.stoppedTaskArn, message.attempt, placementRound);
  return {
    action: 'retry',
    reason: 'run-task-retry',
    delaySeconds,
    message: {
      ...message,
      runTaskRetries: retries,
      placementRound,
      notBefore: options.now + delaySeconds * 1000,
      runTaskInput: { ...message.runTaskInput, clientToken },
    },
  };
}
