/**
 * A scenario driver's handle on a queue's load: replaces what a queue holds with a backlog of
 * visible and in-flight messages, as producers and consumers would leave it, so a load step is
 * one call rather than hundreds of SendMessage requests.
 */
import { newUuid } from '../context.ts';
import type { Account, SqsMessageRecord } from '../state.ts';
import { findQueue } from './index.ts';

/**
 * Sets the queue's messages to `visible` available ones and `inFlight` received ones still
 * within the queue's visibility timeout. Delayed messages are dropped too.
 * @throws AwsError QueueDoesNotExist for an unknown queue.
 */
export function setBacklog(
  account: Account,
  queueName: string,
  backlog: { visible: number; inFlight?: number },
  now: number,
): void {
  const queue = findQueue(account, queueName);
  const message = (visibleAt: number, receiveCount: number): SqsMessageRecord => ({
    messageId: newUuid(),
    body: 'load',
    messageAttributes: {},
    sentAt: now,
    visibleAt,
    receiveCount,
  });
  const inFlightUntil = now + queue.visibilityTimeoutSeconds * 1000;
  queue.messages = [
    ...Array.from({ length: backlog.visible }, () => message(now, 0)),
    ...Array.from({ length: backlog.inFlight ?? 0 }, () => message(inFlightUntil, 1)),
  ];
}
