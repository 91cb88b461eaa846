import { RunTaskCommand } from '@aws-sdk/client-ecs';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetRecentTokens } from '../../shared/restart/act.ts';
import { resetTaskDefinitionCache } from '../../shared/restart/gather-facts.ts';
import { computeClientToken } from '../../shared/restart/policy/compute-client-token.ts';
import {
  DEAD_LETTER_QUEUE_URL,
  ecs,
  ecsCallDepths,
  eventBridge,
  invoke,
  loadEvent,
  RESTART_QUEUE_URL,
  resetEcsCallDepths,
  sentBodies,
  setUpRestartHandler,
  sqs,
  sqsEvent,
} from './restart-task-harness.ts';

const EXIT_1 = 'task-stopped-essential-exit-1-fargate';
const SPOT = 'task-stopped-spot-interruption-fargate-spot';
const EXIT_1_ARN = 'arn:aws:ecs:us-east-1:111122223333:task/batch/3f1c2a7b9d8e4f60a1b2c3d4e5f60718';

/** The delay-queue message the handler queued for the exit-1 fixture, and time moved past it. */
async function queueExit1Restart(): Promise<Record<string, unknown>> {
  await invoke(loadEvent(EXIT_1));
  const [message] = sentBodies(RESTART_QUEUE_URL);
  sqs.resetHistory();
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
  return message ?? {};
}

function auditTypes(): string[] {
  return eventBridge
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries?.map((e) => e.DetailType ?? '') ?? []);
}

describe('restart-task handler (delay queue)', () => {
  beforeEach(() => setUpRestartHandler());
  afterEach(() => vi.useRealTimers());

  it('runs a due restart with the message clientToken and audits Task Restarted', async () => {
    // Prepare
    const message = await queueExit1Restart();
    // Act
    const result = await invoke(sqsEvent([message]));
    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const input = ecs.commandCalls(RunTaskCommand)[0]?.args[0].input;
    expect(input?.clientToken).toBe(computeClientToken(EXIT_1_ARN, 1));
    expect(auditTypes()).toEqual(['Task Restarted']);
  });

  it('re-delays a message delivered before its time instead of running it', async () => {
    // Prepare
    await invoke(loadEvent(EXIT_1));
    const [message] = sentBodies(RESTART_QUEUE_URL);
    sqs.resetHistory();
    // Act
    await invoke(sqsEvent([message]));
    // Assess
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
    const resent = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(resent?.QueueUrl).toBe(RESTART_QUEUE_URL);
    expect(resent?.DelaySeconds).toBeGreaterThan(0);
  });

  it.each([
    ['capacity (failures[])', 'capacity', 1],
    ['throttling', 'throttled', 0],
  ])('retries a RunTask that failed on %s through the delay queue', async (_l, kind, round) => {
    // Prepare
    const message = await queueExit1Restart();
    ecs.on(RunTaskCommand).callsFake(() => {
      if (kind === 'capacity') return { tasks: [], failures: [{ reason: 'RESOURCE:MEMORY' }] };
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    });
    // Act
    const result = await invoke(sqsEvent([message]));
    // Assess: a capacity failure started nothing, so the next try gets a fresh token.
    expect(result).toEqual({ batchItemFailures: [] });
    const [retry] = sentBodies(RESTART_QUEUE_URL);
    expect(retry).toMatchObject({
      runTaskRetries: 1,
      placementRound: round,
      runTaskInput: { clientToken: computeClientToken(EXIT_1_ARN, 1, round) },
    });
    expect(auditTypes()).toEqual([]);
  });

  it('abandons after the RunTask retry budget with Task Restart Abandoned', async () => {
    // Prepare
    const message = await queueExit1Restart();
    ecs.on(RunTaskCommand).resolves({ tasks: [], failures: [{ reason: 'RESOURCE:CPU' }] });
    // Act
    await invoke(sqsEvent([{ ...message, runTaskRetries: 5 }]));
    // Assess
    expect(sentBodies(RESTART_QUEUE_URL)).toEqual([]);
    expect(auditTypes()).toEqual(['Task Restart Abandoned']);
    const detail = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(JSON.parse(detail?.Detail ?? '{}')).toMatchObject({
      reason: 'run-task-budget-exhausted',
      failure: 'RESOURCE:CPU',
    });
  });

  it('preserves an invalid body on the dead-letter queue and still runs the valid one', async () => {
    // Prepare
    const message = await queueExit1Restart();
    // Act
    const result = await invoke(sqsEvent(['not json', { kind: 'other' }, message]));
    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);
    const preserved = sentBodies(DEAD_LETTER_QUEUE_URL);
    expect(preserved).toEqual([
      expect.objectContaining({ messageId: 'msg-0', body: 'not json' }),
      expect.objectContaining({ messageId: 'msg-1', body: '{"kind":"other"}' }),
    ]);
  });

  it('reports only the failing record in a partial batch response', async () => {
    // Prepare: the second restart's RunTask hits a bug-like error that is not an AWS answer.
    const message = await queueExit1Restart();
    const other = structuredClone(message) as {
      clusterArn: string;
      runTaskInput: { clientToken: string; cluster: string };
    };
    other.runTaskInput.clientToken = 'other-token';
    other.clusterArn = 'arn:aws:ecs:us-east-1:111122223333:cluster/broken';
    other.runTaskInput.cluster = other.clusterArn;
    ecs.on(RunTaskCommand).callsFake((input: { cluster: string }) => {
      if (input.cluster.endsWith('/broken')) throw new Error('socket hang up');
      return { tasks: [{ taskArn: 'arn:aws:ecs:us-east-1:111122223333:task/batch/new-1' }] };
    });
    sqs.on(SendMessageCommand).rejects(new Error('SQS unavailable'));
    // Act
    const result = await invoke(sqsEvent([message, other]));
    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });

  it('starts one task for duplicated messages and duplicated events of the same failure', async () => {
    // Prepare
    await invoke(loadEvent(EXIT_1));
    await invoke(loadEvent(EXIT_1));
    const message = sentBodies(RESTART_QUEUE_URL)[0];
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
    // Act: the same message twice in a batch, then again later, then a late event.
    await invoke(sqsEvent([message, message]));
    await invoke(sqsEvent([message]));
    const late = await invoke(loadEvent(EXIT_1));
    // Assess
    expect(sentBodies(RESTART_QUEUE_URL)).toHaveLength(1);
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);
    expect(late).toMatchObject({ action: 'duplicate', reason: 'duplicate-event' });
  });

  it('reaches RunTask after at most two sequential ECS calls, and one from the delay queue', async () => {
    // Act: a capacity loss restarts at once.
    await invoke(loadEvent(SPOT));
    // Assess: DescribeTasks ∥ DescribeTaskDefinition, then RunTask; no history for Spot.
    expect(ecsCallDepths).toEqual({
      DescribeTasksCommand: [1],
      DescribeTaskDefinitionCommand: [1],
      RunTaskCommand: [2],
    });
    // Prepare: a failure goes through the delay queue.
    const message = await queueExit1Restart();
    resetEcsCallDepths();
    // Act
    await invoke(sqsEvent([message]));
    // Assess: the due restart reads only its task definition's roles, cached here (revisions
    // never change), so RunTask is the first call.
    expect(ecsCallDepths).toEqual({ RunTaskCommand: [1] });
    // Act: a cold container reads the revision first.
    resetTaskDefinitionCache();
    resetRecentTokens();
    resetEcsCallDepths();
    await invoke(sqsEvent([message]));
    // Assess
    expect(ecsCallDepths).toEqual({ DescribeTaskDefinitionCommand: [1], RunTaskCommand: [2] });
  });
});
