/**
 * A scenario driver's handle on a queue's load: replaces what a queue holds with a backlog of
 * visible and in-flight messages, as producers and consumers would leave it, so a load step is
 * one call rather than hundreds of SendMessage requests.
 */
import { newUuid } from '../context.ts';
import type { Account, SqsMessageRecord } from '../state.ts';
import { findQueue } from './index.ts';

/** A queue's load as a driver sets it. */
export type Backlog = { visible: number; inFlight?: number };

/** Backlogs set for a later simulated time, by queue name, applied once that time has come. */
const scheduled = new WeakMap<Account, Map<string, { at: number; backlog: Backlog }[]>>();

/**
 * Sets the queue's messages to `visible` available ones and `inFlight` received ones still
 * within the queue's visibility timeout (delayed messages are dropped too), now or, with `at`,
 * from that simulated time on: applied by the first GetQueueAttributes at or after it, so a load
 * step lands at a simulated instant whatever the wall clock does.
 * @throws AwsError QueueDoesNotExist for an unknown queue.
 */
export function setBacklog(
  account: Account,
  queueName: string,
  backlog: Backlog,
  now: number,
  at?: number,
): void {
  const queue = findQueue(account, queueName);
  if (at !== undefined && at > now) {
    const byQueue = scheduled.get(account) ?? new Map();
    scheduled.set(account, byQueue);
    byQueue.set(queue.name, [...(byQueue.get(queue.name) ?? []), { at, backlog }]);
    return;
  }
  fill(account, queue.name, backlog, now);
}

/** Applies the backlogs scheduled for this queue up to `now`, in order. */
export function applyScheduledBacklogs(account: Account, queueName: string, now: number): void {
  const pending = scheduled.get(account)?.get(queueName) ?? [];
  const due = pending.filter((step) => step.at <= now).sort((a, b) => a.at - b.at);
  if (due.length === 0) return;
  scheduled.get(account)?.set(
    queueName,
    pending.filter((step) => step.at > now),
  );
  for (const step of due) fill(account, queueName, step.backlog, step.at);
}

function fill(account: Account, queueName: string, backlog: Backlog, now: number): void {
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
