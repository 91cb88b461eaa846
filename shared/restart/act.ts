import { runTask } from '../aws/ecs-run-task.ts';
import { sendDelayedMessage } from '../aws/sqs-messages.ts';
import type { RestartConfig } from '../config/restart-section.ts';
import type { DelayedRestartMessage } from './delayed-restart-message.ts';
import { decideRunTaskRetry, type RunTaskFailureKind } from './policy/plan-delayed-restart.ts';
import { outcomeBaseOf } from './policy/plan-due-restart.ts';
import type { RestartStep } from './policy/plan-restart.ts';
import { rememberToken } from './recent-tokens.ts';
import type { RunTaskInput } from './run-task-input.ts';
import { type RestartOutcome, RESTART_STEP_REASONS as S } from './types.ts';

/** What one RunTask call achieved. */
export type RunTaskOutcome =
  | { kind: 'started'; taskArn: string; createdAt?: number; replayed?: true }
  | { kind: 'failed'; failure: RunTaskFailureKind; detail: string };

/** Options of {@link executeRestart}. */
export type ExecuteRestartOptions = {
  queueUrl: string | undefined;
  config: Pick<RestartConfig, 'runTaskRetry' | 'backoff'>;
  /** Epoch ms. */
  now: number;
  /** In [0, 1), for backoff jitter. */
  random: number;
  /**
   * A capacity loss's STOPPED event: the interrupted task's stop (epoch ms). A task ECS answers
   * with that was created before it is the replacement the warning started.
   */
  stoppedAt?: number;
};

export {
  getRecentToken,
  getRecentTokens,
  getTokensStartedBeforeStop,
  rememberToken,
  resetRecentTokens,
} from './recent-tokens.ts';

/**
 * Runs the restarted task. A repeated clientToken returns the first call's task, and a
 * ConflictException that names it means the restart exists. `failed` kinds: `capacity` when ECS
 * answered `failures[]` (nothing started, a new token is safe), `throttled` when every SDK retry
 * was throttled, `unknown` for server faults, timeouts and lost answers (a task may have started:
 * the token must be kept), `rejected` when retrying cannot help (the request itself was refused,
 * or `failures[]` says a resource is gone): the wrapper's classification.
 *
 * @throws Error for anything that is not an AWS call failure (a bug).
 * Requires ecs:RunTask, ecs:TagResource, iam:PassRole (task and execution roles).
 */
export async function runRestartTask(input: RunTaskInput): Promise<RunTaskOutcome> {
  const result = await runTask(input);
  if (result.kind === 'started') return result;
  if (result.kind === 'not-placed') {
    const detail = result.reasons.join('; ') || 'no task started';
    return { kind: 'failed', failure: result.retryable ? 'capacity' : 'rejected', detail };
  }
  const { error } = result;
  const detail = `${error.awsErrorName}: ${error.message}`;
  if (!result.retryable) return { kind: 'failed', failure: 'rejected', detail };
  return { kind: 'failed', failure: error.kind === 'throttled' ? 'throttled' : 'unknown', detail };
}

/**
 * Sends a restart to the delay queue, visible after `delaySeconds` (at most 900, the schema caps
 * backoff there). Requires sqs:SendMessage on the delay queue.
 * @throws AwsCallError when SQS refuses (the trigger retries; the clientToken keeps it single).
 * @throws Error when no delay queue is configured.
 */
export async function scheduleRestart(
  queueUrl: string | undefined,
  message: DelayedRestartMessage,
  delaySeconds: number,
): Promise<void> {
  if (queueUrl === undefined) {
    throw new Error('RESTART_QUEUE_URL is not set: delayed restarts need the delay queue');
  }
  await sendDelayedMessage(queueUrl, message, delaySeconds);
  rememberToken(message.runTaskInput.clientToken, 'scheduled');
}

/**
 * Takes a planned restart step: nothing more for `report`, the delay queue for `delay`, RunTask
 * (and its retries through the queue) for `run-now`.
 *
 * @returns the outcome to report.
 * @throws AwsCallError when the delay queue refuses (the trigger retries; the token keeps it single).
 */
export async function actOnRestartStep(
  step: RestartStep,
  options: ExecuteRestartOptions,
): Promise<RestartOutcome> {
  if (step.kind === 'report') return step.outcome;
  if (step.kind === 'run-now' && step.beforeStop === true) {
    return replaceBeforeStop(step.message, options.now);
  }
  if (step.kind === 'run-now') {
    const stopped = step.stoppedAt === undefined ? {} : { stoppedAt: step.stoppedAt };
    return executeRestart(step.message, { ...options, ...stopped });
  }
  await scheduleRestart(options.queueUrl, step.message, step.delaySeconds);
  return step.outcome;
}

/**
 * Runs a restart now and, when RunTask fails, hands it back to the delay queue under the
 * RunTask retry budget (`decideRunTaskRetry`), or abandons it once the budget is spent.
 * Returns the outcome to report; never drops a restart silently.
 *
 * @throws AwsCallError when the retry cannot be queued (the trigger retries the whole restart).
 * Requires ecs:RunTask, ecs:TagResource, iam:PassRole, sqs:SendMessage.
 */
export async function executeRestart(
  message: DelayedRestartMessage,
  options: ExecuteRestartOptions,
): Promise<RestartOutcome> {
  const base = { ...outcomeBaseOf(message), runTaskRetries: message.runTaskRetries };
  const outcome = await runRestartTask(message.runTaskInput);
  if (outcome.kind === 'started') {
    rememberToken(message.runTaskInput.clientToken, outcome.taskArn);
    const newTaskArn = outcome.taskArn;
    if (wasCreatedBefore(outcome.createdAt, options.stoppedAt)) {
      return { ...base, action: 'duplicate', reason: S.replacedBeforeStop, newTaskArn };
    }
    if (outcome.replayed === true) {
      const reason = options.stoppedAt === undefined ? S.duplicateEvent : S.replacedBeforeStop;
      return { ...base, action: 'duplicate', reason, newTaskArn };
    }
    return { ...base, action: 'restarted', reason: message.reason, newTaskArn };
  }
  const retry = decideRunTaskRetry(message, outcome.failure, options.config, options);
  if (retry.action === 'abandon') {
    return { ...base, action: 'abandoned', reason: retry.reason, failure: outcome.detail };
  }
  await scheduleRestart(options.queueUrl, retry.message, retry.delaySeconds);
  return {
    ...base,
    action: 'delayed',
    reason: retry.reason,
    delaySeconds: retry.delaySeconds,
    runTaskRetries: retry.message.runTaskRetries,
    failure: outcome.detail,
  };
}

/**
 * Starts the replacement of a task ECS warned it will stop (a capacity loss): RunTask once, with
 * the token the STOPPED event will compute too. A failure is never queued: the STOPPED event that
 * follows restarts the task and retries or abandons as any restart, so one interruption has one
 * retry path (a queued retry would carry a new token beside the STOPPED event's own).
 *
 * @param now epoch ms when the invocation began: ECS answers a repeated clientToken with the task
 *   it started for the first call, so a task created before then (another container's copy of the
 *   same warning) is reported as a `duplicate`, not counted as a second restart.
 * @returns `restarted`, `duplicate`, or `skipped` (`left-to-stop-event`) with RunTask's failure.
 * Requires ecs:RunTask, ecs:TagResource, iam:PassRole.
 */
export async function replaceBeforeStop(
  message: DelayedRestartMessage,
  now: number,
): Promise<RestartOutcome> {
  const base = { ...outcomeBaseOf(message), runTaskRetries: message.runTaskRetries };
  const outcome = await runRestartTask(message.runTaskInput);
  if (outcome.kind === 'started') {
    rememberToken(message.runTaskInput.clientToken, outcome.taskArn, true);
    const newTaskArn = outcome.taskArn;
    // A second of slack for the clocks of Lambda and ECS.
    if (outcome.replayed === true || wasCreatedBefore(outcome.createdAt, now - 1_000)) {
      return { ...base, action: 'duplicate', reason: S.duplicateEvent, newTaskArn };
    }
    return { ...base, action: 'restarted', reason: message.reason, newTaskArn };
  }
  return { ...base, action: 'skipped', reason: S.leftToStopEvent, failure: outcome.detail };
}

/**
 * Whether ECS's answer is a task created before the interrupted task stopped: the replacement
 * the warning started, returned again for the same clientToken. A task that stopped before its
 * replacement was even created (a container that exits at once on SIGTERM) cannot be told apart
 * from a fresh start; it is still one task.
 */
function wasCreatedBefore(createdAt: number | undefined, stoppedAt: number | undefined): boolean {
  return createdAt !== undefined && stoppedAt !== undefined && createdAt < stoppedAt;
}

/**
 * Preserves a delay-queue body that is not a restart message on the dead-letter queue, with
 * the parse issues beside it. Requires sqs:SendMessage on the dead-letter queue.
 * @throws AwsCallError when SQS refuses; Error when no dead-letter queue is configured.
 */
export async function preserveInvalidMessage(
  deadLetterQueueUrl: string | undefined,
  record: { messageId: string; issues: readonly string[]; body: string },
): Promise<void> {
  if (deadLetterQueueUrl === undefined) {
    throw new Error('DEAD_LETTER_QUEUE_URL is not set: the message stays on the delay queue');
  }
  await sendDelayedMessage(
    deadLetterQueueUrl,
    {
      reason: 'invalid-delayed-restart',
      messageId: record.messageId,
      issues: record.issues,
      body: record.body,
    },
    0,
  );
}
