import {
  ConflictException,
  ECSClient,
  RunTaskCommand,
  type RunTaskCommandInput,
} from '@aws-sdk/client-ecs';
import { AwsCallError } from '../runtime/errors.ts';
import { callAws } from './call-aws.ts';
import { clientFor } from './clients.ts';

/**
 * A RunTask request as the project builds it: the SDK's fields, where the enum-like values inside
 * overrides (environment file and resource requirement types) are the plain strings ECS reported
 * for the stopped task. ECS validates them again, so they are passed on as they are.
 */
export type RunTaskRequest = { cluster: string; taskDefinition: string; clientToken?: string } & {
  [field: string]: unknown;
};

/** What one RunTask call achieved. */
export type RunTaskResult =
  /**
   * Started now, or earlier under the same clientToken: ECS answers a replay of the same request
   * with that task, so `createdAt` (epoch ms) tells the two apart, and a replay with other
   * parameters with a ConflictException naming it (`replayed`). Tokens last 24 hours per cluster:
   * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html
   */
  | { kind: 'started'; taskArn: string; createdAt?: number; replayed?: true }
  /**
   * ECS answered `failures[]` (capacity, placement): nothing started. `retryable` unless every
   * reason says a resource is gone (`MISSING`), which no later call can change.
   */
  | { kind: 'not-placed'; reasons: string[]; retryable: boolean }
  /**
   * ECS refused the call. `retryable` for throttling, 5xx faults, timeouts and answers that never
   * came (a later try may pass); not for a refusal of the request itself (`client`:
   * InvalidParameterException, ClientException such as an INACTIVE task definition,
   * PlatformUnknownException…; `access-denied`: iam:PassRole; `conflict`: the clientToken was
   * used with other parameters), which the same request meets again.
   */
  | { kind: 'refused'; error: AwsCallError; retryable: boolean };

/** AWS error kinds a later RunTask with the same request may get past. */
const RETRYABLE_KINDS: ReadonlySet<AwsCallError['kind']> = new Set([
  'throttled',
  'server',
  'timeout',
  'unknown',
]);

/**
 * Starts one task, and classifies what stopped it from starting: worth retrying, or not. A
 * ConflictException for a repeated clientToken that names the task the first call started is
 * `started`: the restart exists.
 *
 * @returns what happened; never throws for an AWS refusal.
 * @throws Error for anything that is not an AWS call failure (a bug).
 * Requires ecs:RunTask (and ecs:TagResource, iam:PassRole for the task's roles).
 */
export async function runTask(input: RunTaskRequest): Promise<RunTaskResult> {
  try {
    const response = await callAws('RunTask', () =>
      clientFor(ECSClient, { paced: true }).send(
        new RunTaskCommand(input as unknown as RunTaskCommandInput),
      ),
    );
    const started = response.tasks?.find((task) => task.taskArn);
    const taskArn = started?.taskArn;
    if (taskArn !== undefined) {
      const createdAt = started?.createdAt?.getTime();
      return { kind: 'started', taskArn, ...(createdAt !== undefined ? { createdAt } : {}) };
    }
    const failures = response.failures ?? [];
    const reasons = failures.map(
      (failure) => [failure.reason, failure.detail].filter(Boolean).join(': ') || 'unknown',
    );
    // API failure reasons: MISSING is "the specified resource wasn't found"; placement and
    // capacity reasons (RESOURCE:*, AGENT, ATTRIBUTE, LOCATION...) can pass as capacity changes.
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html
    const retryable = failures.length === 0 || failures.some((f) => f.reason !== 'MISSING');
    return { kind: 'not-placed', reasons, retryable };
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    const existing = error.cause instanceof ConflictException ? error.cause.resourceIds : undefined;
    const taskArn = existing?.find((arn) => arn.includes(':task/'));
    if (taskArn !== undefined) return { kind: 'started', taskArn, replayed: true };
    return { kind: 'refused', error, retryable: RETRYABLE_KINDS.has(error.kind) };
  }
}
