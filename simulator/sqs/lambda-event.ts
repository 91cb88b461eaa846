/**
 * Hands due SQS messages to a function the way an event source mapping does: removed from the
 * queue and shaped as the Lambda SQS event (`{ Records: [...] }`).
 */
import type { SQSEvent } from 'aws-lambda';
import type { Account } from '../state.ts';
import { findQueue, takeVisible } from './index.ts';
import { md5OfAttributes, md5OfBody } from './md5.ts';

/**
 * Takes up to `batchSize` due messages (delay elapsed on the simulator clock) off the queue.
 * Returns null when none is due.
 * @throws AwsError QueueDoesNotExist for an unknown queue.
 */
export function receiveDue(
  account: Account,
  queueName: string,
  now: number,
  batchSize = 10,
): SQSEvent | null {
  const queue = findQueue(account, queueName);
  const due = takeVisible(queue, now, batchSize);
  if (due.length === 0) return null;
  queue.messages = queue.messages.filter((message) => !due.includes(message));
  return {
    Records: due.map((message) => ({
      messageId: message.messageId,
      receiptHandle: message.receiptHandle ?? '',
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: account.accountId,
        ApproximateFirstReceiveTimestamp: String(now),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(message.messageAttributes).map(([name, attribute]) => [
          name,
          {
            dataType: attribute.DataType,
            stringValue: attribute.StringValue,
            binaryValue: attribute.BinaryValue,
            stringListValues: [],
            binaryListValues: [],
          },
        ]),
      ),
      md5OfBody: md5OfBody(message.body),
      md5OfMessageAttributes: md5OfAttributes(message.messageAttributes) ?? null,
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: account.region,
    })),
  } as SQSEvent;
}

/** When the next message of the queue becomes due (epoch ms), or undefined when empty. */
export function nextDueAt(account: Account, queueName: string): number | undefined {
  const times = findQueue(account, queueName).messages.map((message) => message.visibleAt);
  return times.length === 0 ? undefined : Math.min(...times);
}
