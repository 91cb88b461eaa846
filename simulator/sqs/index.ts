/**
 * SQS (JSON 1.0): CreateQueue, GetQueueUrl, GetQueueAttributes, SetQueueAttributes (Policy),
 * SendMessage, SendMessageBatch (DelaySeconds 0-900 on the simulator's clock), ReceiveMessage and
 * DeleteMessage. A queue policy that explicitly denies the caller `sqs:SendMessage` refuses it.
 */
import { buildArn } from '../arn.ts';
import type { SimContext } from '../context.ts';
import { newUuid } from '../context.ts';
import { AwsError } from '../errors.ts';
import { type Input, isObject, objectList, optionalNumber, requireString } from '../input.ts';
import type { Handlers, RequestInfo } from '../router.ts';
import type { Account, QueueRecord, SqsMessageRecord } from '../state.ts';
import { applyScheduledBacklogs } from './backlog.ts';
import { md5OfAttributes, md5OfBody } from './md5.ts';
import { assertMaySend, readPolicy, setQueueAttributes } from './queue-policy.ts';

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message, { queryCode: 'InvalidParameterValue' });
}

function queueMissing(): AwsError {
  return new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', {
    queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
  });
}

/** Adds a queue (idempotent for the same name). */
export function storeQueue(account: Account, name: string, delaySeconds = 0): QueueRecord {
  const existing = account.queues.get(name);
  if (existing) return existing;
  const queue: QueueRecord = {
    name,
    arn: buildArn(account, 'sqs', name),
    delaySeconds,
    visibilityTimeoutSeconds: 30,
    messages: [],
  };
  account.queues.set(name, queue);
  return queue;
}

/** The queue a QueueUrl (or bare name) designates. @throws AwsError QueueDoesNotExist. */
export function findQueue(account: Account, urlOrName: string): QueueRecord {
  const queue = account.queues.get(urlOrName.slice(urlOrName.lastIndexOf('/') + 1));
  if (!queue) throw queueMissing();
  return queue;
}

function queueUrl(ctx: SimContext, queue: QueueRecord): string {
  return `${ctx.endpoint()}/${ctx.account.accountId}/${queue.name}`;
}

function enqueue(ctx: SimContext, queue: QueueRecord, entry: Input) {
  const body = requireString(entry, 'MessageBody', invalid);
  const delay = optionalNumber(entry, 'DelaySeconds', invalid) ?? queue.delaySeconds;
  if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
    throw invalid(
      `Value ${delay} for parameter DelaySeconds is invalid. Reason: must be between 0 and 900.`,
    );
  }
  const attributes = isObject(entry.MessageAttributes) ? entry.MessageAttributes : {};
  const message: SqsMessageRecord = {
    messageId: newUuid(),
    body,
    messageAttributes: attributes as SqsMessageRecord['messageAttributes'],
    sentAt: ctx.now(),
    visibleAt: ctx.now() + delay * 1000,
    receiveCount: 0,
  };
  queue.messages.push(message);
  return {
    MessageId: message.messageId,
    MD5OfMessageBody: md5OfBody(body),
    MD5OfMessageAttributes: md5OfAttributes(message.messageAttributes),
  };
}

function createQueue(ctx: SimContext, input: Input) {
  const name = requireString(input, 'QueueName', invalid);
  const attributes = isObject(input.Attributes) ? input.Attributes : {};
  const queue = storeQueue(ctx.account, name, Number(attributes.DelaySeconds ?? 0));
  if (attributes.Policy !== undefined) queue.policy = readPolicy(attributes.Policy);
  return { QueueUrl: queueUrl(ctx, queue) };
}

function getQueueUrl(ctx: SimContext, input: Input) {
  return {
    QueueUrl: queueUrl(ctx, findQueue(ctx.account, requireString(input, 'QueueName', invalid))),
  };
}

/**
 * GetQueueAttributes. Counts as SQS defines them: ApproximateNumberOfMessages "available for
 * retrieval" (visible, a received message again once its visibility timeout ended),
 * ApproximateNumberOfMessagesDelayed "delayed and not available for reading immediately",
 * ApproximateNumberOfMessagesNotVisible "in flight" (received, not deleted, within its visibility
 * window). The simulator's counts are exact; SQS's are approximate and "may not achieve
 * consistency until at least 1 minute after the producers stop sending messages". Only the
 * `AttributeNames` asked for are returned (`All` for every one); without any, every one.
 */
function getQueueAttributes(ctx: SimContext, input: Input) {
  const queue = findQueue(ctx.account, requireString(input, 'QueueUrl', invalid));
  const now = ctx.now();
  applyScheduledBacklogs(ctx.account, queue.name, now);
  const count = (test: (m: SqsMessageRecord) => boolean) =>
    String(queue.messages.filter(test).length);
  const attributes: Record<string, string> = {
    QueueArn: queue.arn,
    DelaySeconds: String(queue.delaySeconds),
    ApproximateNumberOfMessages: count((m) => m.visibleAt <= now),
    ApproximateNumberOfMessagesDelayed: count((m) => m.visibleAt > now && m.receiveCount === 0),
    ApproximateNumberOfMessagesNotVisible: count((m) => m.visibleAt > now && m.receiveCount > 0),
    ...(queue.policy !== undefined ? { Policy: JSON.stringify(queue.policy) } : {}),
  };
  const names = Array.isArray(input.AttributeNames) ? input.AttributeNames.map(String) : [];
  if (names.length === 0 || names.includes('All')) return { Attributes: attributes };
  return {
    Attributes: Object.fromEntries(Object.entries(attributes).filter(([n]) => names.includes(n))),
  };
}

function sendMessage(ctx: SimContext, input: Input, request: RequestInfo) {
  const queue = findQueue(ctx.account, requireString(input, 'QueueUrl', invalid));
  assertMaySend(ctx, queue, request);
  return enqueue(ctx, queue, input);
}

function sendMessageBatch(ctx: SimContext, input: Input, request: RequestInfo) {
  const queue = findQueue(ctx.account, requireString(input, 'QueueUrl', invalid));
  assertMaySend(ctx, queue, request);
  const entries = objectList(input, 'Entries', invalid);
  if (entries.length === 0) throw new AwsError('EmptyBatchRequest', 'The batch request is empty.');
  if (entries.length > 10) {
    throw new AwsError(
      'TooManyEntriesInBatchRequest',
      'Maximum number of entries per request are 10.',
    );
  }
  const ids = entries.map((entry) => String(entry.Id));
  if (new Set(ids).size !== ids.length) {
    throw new AwsError('BatchEntryIdsNotDistinct', 'Two or more batch entries have the same Id.');
  }
  const successful: Input[] = [];
  const failed: Input[] = [];
  for (const entry of entries) {
    try {
      successful.push({ Id: String(entry.Id), ...enqueue(ctx, queue, entry) });
    } catch (error) {
      const code = error instanceof AwsError ? error.name : 'InternalError';
      failed.push({ Id: String(entry.Id), Code: code, Message: String(error), SenderFault: true });
    }
  }
  return { Successful: successful, Failed: failed };
}

/** Messages visible now (delay passed, not in flight), oldest first, at most `max`. */
export function takeVisible(queue: QueueRecord, now: number, max: number): SqsMessageRecord[] {
  const due = queue.messages.filter((m) => m.visibleAt <= now).slice(0, max);
  for (const message of due) {
    message.receiveCount += 1;
    message.receiptHandle = newUuid();
    message.visibleAt = now + queue.visibilityTimeoutSeconds * 1000;
  }
  return due;
}

function receiveMessage(ctx: SimContext, input: Input) {
  const queue = findQueue(ctx.account, requireString(input, 'QueueUrl', invalid));
  const max = optionalNumber(input, 'MaxNumberOfMessages', invalid) ?? 1;
  if (max < 1 || max > 10) throw invalid('MaxNumberOfMessages must be between 1 and 10.');
  const timeout = optionalNumber(input, 'VisibilityTimeout', invalid);
  const messages = takeVisible(queue, ctx.now(), max);
  if (timeout !== undefined) for (const m of messages) m.visibleAt = ctx.now() + timeout * 1000;
  return {
    Messages: messages.map((m) => ({
      MessageId: m.messageId,
      ReceiptHandle: m.receiptHandle,
      MD5OfBody: md5OfBody(m.body),
      Body: m.body,
      Attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
      },
      MessageAttributes:
        Object.keys(m.messageAttributes).length > 0 ? m.messageAttributes : undefined,
      MD5OfMessageAttributes: md5OfAttributes(m.messageAttributes),
    })),
  };
}

function deleteMessage(ctx: SimContext, input: Input) {
  const queue = findQueue(ctx.account, requireString(input, 'QueueUrl', invalid));
  const handle = requireString(input, 'ReceiptHandle', invalid);
  const index = queue.messages.findIndex((m) => m.receiptHandle === handle);
  if (index === -1)
    throw new AwsError('ReceiptHandleIsInvalid', 'The receipt handle is not valid.');
  queue.messages.splice(index, 1);
  return {};
}

/** SQS handlers (JSON 1.0, target prefix `AmazonSQS`). */
export const sqsHandlers: Handlers = {
  CreateQueue: createQueue,
  GetQueueUrl: getQueueUrl,
  GetQueueAttributes: getQueueAttributes,
  SetQueueAttributes: setQueueAttributes,
  SendMessage: sendMessage,
  SendMessageBatch: sendMessageBatch,
  ReceiveMessage: receiveMessage,
  DeleteMessage: deleteMessage,
};
