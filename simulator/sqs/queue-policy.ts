/**
 * Queue policies: SetQueueAttributes (`Policy`), reading a policy document, and the SendMessage
 * check (an explicit Deny for the caller refuses it, whatever allows it elsewhere).
 */
import type { SimContext } from '../context.ts';
import { AwsError } from '../errors.ts';
import { callerOf, isDeniedByResourcePolicy, type PolicyDocument } from '../iam.ts';
import { type Input, isObject, requireString } from '../input.ts';
import type { RequestInfo } from '../router.ts';
import type { QueueRecord } from '../state.ts';
import { findQueue } from './index.ts';

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message, { queryCode: 'InvalidParameterValue' });
}

/** SetQueueAttributes: only `Policy` is modelled. */
export function setQueueAttributes(ctx: SimContext, input: Input) {
  const queue = findQueue(ctx.account, requireString(input, 'QueueUrl', invalid));
  const attributes = isObject(input.Attributes) ? input.Attributes : {};
  if (attributes.Policy !== undefined) queue.policy = readPolicy(attributes.Policy);
  return {};
}

/** The `Policy` attribute: an IAM policy document as a JSON string. */
export function readPolicy(value: unknown): PolicyDocument {
  try {
    const policy: unknown = JSON.parse(String(value));
    if (isObject(policy)) return policy;
  } catch {
    // Falls through to the error SQS answers for a malformed policy.
  }
  throw invalid('Invalid value for the parameter Policy.');
}

/**
 * An explicit Deny in the queue policy wins over any Allow (IAM policy evaluation logic); the
 * message is IAM's own for that case.
 * @throws AwsError AccessDenied (HTTP 403) when the queue policy denies the caller.
 */
export function assertMaySend(ctx: SimContext, queue: QueueRecord, request: RequestInfo): void {
  const caller = callerOf(ctx.account, request.accessKeyId);
  if (!isDeniedByResourcePolicy(queue.policy, caller, 'sqs:SendMessage')) return;
  throw new AwsError(
    'AccessDeniedException',
    `User: ${caller.arn} is not authorized to perform: sqs:sendmessage on resource: ${queue.arn} with an explicit deny in a resource-based policy`,
    { status: 403, queryCode: 'AccessDenied' },
  );
}
