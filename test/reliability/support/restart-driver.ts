/**
 * Drives the restart function the way AWS does: EventBridge events through Lambda's asynchronous
 * invocation (one try and two retries, then the failure destination), and the delay queue through
 * an SQS event source mapping (failed records and crashed batches come back after the visibility
 * timeout; after five receives SQS moves a message to the dead-letter queue).
 */
import type { SQSEvent } from 'aws-lambda';
import { vi } from 'vitest';
import type { Simulator } from '../../../simulator/index.ts';
import {
  DEAD_LETTER_QUEUE,
  type Handler,
  RESTART_QUEUE,
  type SimulatedAccount,
} from './simulated-account.ts';

/** Lambda's asynchronous invocation: the first try and `maximumRetryAttempts: 2`. */
const asyncTries = 3;
/** The delay queue's redrive policy and visibility timeout (serverless.yml). */
const maxReceiveCount = 5;
const visibilityTimeoutMs = 180_000;

/** What the deliveries amounted to. */
export type DeliveryLog = {
  invocations: number;
  /** Invocations that threw (each one retried by Lambda or SQS). */
  errors: number;
  /** Events Lambda gave up on: they reach the failure destination, reported, not lost silently. */
  failureDestination: unknown[];
  /** Delay-queue messages SQS moved to the dead-letter queue. */
  redriven: number;
};

/** Containers of the restart function, used in turn, as Lambda spreads invocations. */
export type ContainerPool = { next: () => Promise<Handler>; log: DeliveryLog };

/** A pool of `size` fresh containers of the restart function. */
export function createPool(account: SimulatedAccount, size = 2): ContainerPool {
  const handlers: Promise<Handler>[] = [];
  let turn = 0;
  return {
    next: () => {
      const index = turn % size;
      turn += 1;
      handlers[index] ??= account.container('restart-task');
      return handlers[index] as Promise<Handler>;
    },
    log: { invocations: 0, errors: 0, failureDestination: [], redriven: 0 },
  };
}

/** Delivers one EventBridge event with Lambda's asynchronous retries. */
export async function deliverEvent(
  account: SimulatedAccount,
  pool: ContainerPool,
  event: unknown,
): Promise<void> {
  for (let attempt = 0; attempt < asyncTries; attempt += 1) {
    pool.log.invocations += 1;
    try {
      await account.invoke(await pool.next(), event);
      return;
    } catch {
      pool.log.errors += 1;
    }
  }
  pool.log.failureDestination.push(event);
}

/**
 * Delivers delay-queue batches as they fall due (moving the clock to each), until the queue is
 * empty or `maxBatches` were delivered; tasks the restarts started are moved to RUNNING.
 */
export async function drainDelayQueue(
  account: SimulatedAccount,
  pool: ContainerPool,
  maxBatches = 40,
): Promise<void> {
  const { sim } = account;
  for (let n = 0; n < maxBatches; n += 1) {
    const due = sim.sqs.nextDueAt(RESTART_QUEUE);
    if (due === undefined) return;
    if (due > Date.now()) vi.setSystemTime(due);
    const batch = sim.sqs.receiveDue(RESTART_QUEUE);
    if (batch === null) continue;
    pool.log.invocations += 1;
    let failed: Set<string>;
    try {
      const answer = (await account.invoke(await pool.next(), batch)) as {
        batchItemFailures?: { itemIdentifier: string }[];
      };
      failed = new Set((answer.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      pool.log.errors += 1;
      failed = new Set(batch.Records.map((record) => record.messageId));
    }
    for (const record of batch.Records) {
      if (failed.has(record.messageId)) redeliver(sim, record, pool.log);
    }
    sim.ecs.startTasks();
  }
}

/** SQS gives a record back after the visibility timeout, or dead-letters it after 5 receives. */
function redeliver(sim: Simulator, record: SQSEvent['Records'][number], log: DeliveryLog): void {
  const received = Number(record.attributes.ApproximateReceiveCount);
  const target = received >= maxReceiveCount ? DEAD_LETTER_QUEUE : RESTART_QUEUE;
  if (target === DEAD_LETTER_QUEUE) log.redriven += 1;
  sim.account.queues.get(target)?.messages.push({
    messageId: record.messageId,
    body: record.body,
    messageAttributes: {},
    sentAt: Date.now(),
    visibleAt: Date.now() + (target === RESTART_QUEUE ? visibilityTimeoutMs : 0),
    receiveCount: target === RESTART_QUEUE ? received : 0,
  });
}

/**
 * The operator's redrive after an outage: events at the failure destination are delivered again,
 * and delay-queue messages on the dead-letter queue go back to the delay queue.
 * @returns how many causes had been dead-lettered.
 */
export async function redrive(account: SimulatedAccount, pool: ContainerPool): Promise<number> {
  const events = pool.log.failureDestination.splice(0);
  const letters = account.sim.account.queues.get(DEAD_LETTER_QUEUE)?.messages ?? [];
  const restarts = letters.filter((m) => m.body.includes('ecs-autopilot.delayed-restart'));
  for (const message of restarts) {
    letters.splice(letters.indexOf(message), 1);
    account.sim.account.queues
      .get(RESTART_QUEUE)
      ?.messages.push({ ...message, receiveCount: 0, visibleAt: Date.now() });
  }
  for (const event of events) await deliverEvent(account, pool, event);
  return events.length + restarts.length;
}

/** STOPPED events since the last call (what the restart rule lets through, and more). */
export function takeStoppedEvents(sim: Simulator): unknown[] {
  return sim.events
    .drain()
    .filter((event) => (event.detail as { lastStatus?: string }).lastStatus === 'STOPPED');
}

/** Tasks that restart the stopped task `arn` (attempt 1 of its lineage). */
export function restartsOf(sim: Simulator, arn: string) {
  const lineage = arn.slice(arn.lastIndexOf('/') + 1);
  return [...sim.account.tasks.values()].filter(
    (task) =>
      task.tags.some((t) => t.key === 'ecs-autopilot:lineage' && t.value === lineage) &&
      task.tags.some((t) => t.key === 'ecs-autopilot:attempt' && t.value === '1'),
  );
}

/**
 * Lost and duplicated restarts: each cause must have exactly one restarted task, unless it is
 * among `reported` (abandoned with an audit event, or at a failure destination).
 */
export function countRestarts(
  sim: Simulator,
  causes: readonly string[],
  reported: readonly string[] = [],
) {
  const counts = causes.map((arn) => ({ arn, tasks: restartsOf(sim, arn).length }));
  return {
    expectedActions: causes.length,
    lost: counts.filter((c) => c.tasks === 0 && !reported.includes(c.arn)).length,
    duplicated: counts.reduce((sum, c) => sum + Math.max(0, c.tasks - 1), 0),
  };
}

/** Stopped task ARNs named by `Task Restart Abandoned` audit events. */
export function abandonedTasks(sim: Simulator): string[] {
  return sim.account.putEvents
    .filter((event) => event.detailType === 'Task Restart Abandoned')
    .map((event) => String((event.detail as { stoppedTaskArn?: unknown }).stoppedTaskArn));
}
