import { ConflictException, ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { restartSectionSchema } from '../../../shared/config/restart-section.ts';
import {
  executeRestart,
  getRecentToken,
  preserveInvalidMessage,
  resetRecentTokens,
  runRestartTask,
  scheduleRestart,
} from '../../../shared/restart/act.ts';
import { makeMessage } from './policy/restart-fixtures.ts';

const ecs = mockClient(ECSClient);
const sqs = mockClient(SQSClient);
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/111122223333/restart-delay';
const NEW_TASK = 'arn:aws:ecs:us-east-1:111122223333:task/batch/new';
const config = restartSectionSchema.parse({ backoff: { jitterRatio: 0 } });

function awsError(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, ...extra });
}

describe('runRestartTask', () => {
  beforeEach(() => {
    ecs.reset();
    process.env.AWS_REGION = 'us-east-1';
  });

  it.each([
    [
      'a started task, with the time ECS created it',
      { resolves: { tasks: [{ taskArn: NEW_TASK, createdAt: new Date(5_000) }] } },
      { kind: 'started', taskArn: NEW_TASK, createdAt: 5_000 },
    ],
    [
      'failures[] (capacity)',
      { resolves: { tasks: [], failures: [{ reason: 'RESOURCE:MEMORY' }] } },
      { kind: 'failed', failure: 'capacity', detail: 'RESOURCE:MEMORY' },
    ],
    [
      'a ConflictException naming the task',
      {
        rejects: new ConflictException({
          message: 'clientToken reused with other parameters',
          $metadata: {},
          resourceIds: [NEW_TASK],
        }),
      },
      { kind: 'started', taskArn: NEW_TASK, replayed: true },
    ],
    [
      'throttling',
      { rejects: awsError('ThrottlingException') },
      { kind: 'failed', failure: 'throttled' },
    ],
    [
      'a server fault',
      { rejects: awsError('ServerException', { $fault: 'server' }) },
      { kind: 'failed', failure: 'unknown' },
    ],
    [
      'a refused request',
      { rejects: awsError('InvalidParameterException', { $fault: 'client' }) },
      {
        kind: 'failed',
        failure: 'rejected',
        detail:
          'InvalidParameterException: RunTask failed: InvalidParameterException: InvalidParameterException happened',
      },
    ],
    [
      'an iam:PassRole refusal',
      { rejects: awsError('AccessDeniedException', { $fault: 'client' }) },
      { kind: 'failed', failure: 'rejected' },
    ],
    [
      'failures[] naming a missing resource',
      { resolves: { tasks: [], failures: [{ reason: 'MISSING' }] } },
      { kind: 'failed', failure: 'rejected', detail: 'MISSING' },
    ],
  ])('classifies %s', async (_label, behaviour, expected) => {
    // Prepare
    if ('resolves' in behaviour) ecs.on(RunTaskCommand).resolves(behaviour.resolves);
    else ecs.on(RunTaskCommand).rejects(behaviour.rejects);
    // Act
    const outcome = await runRestartTask(makeMessage().runTaskInput);
    // Assess
    expect(outcome).toMatchObject(expected);
  });
});

describe('executeRestart', () => {
  beforeEach(() => {
    ecs.reset();
    sqs.reset();
    resetRecentTokens();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  });

  it('remembers the clientToken of a started restart', async () => {
    // Prepare
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: NEW_TASK }] });
    // Act
    const outcome = await executeRestart(makeMessage(), {
      queueUrl: QUEUE,
      config,
      now: 0,
      random: 0.5,
    });
    // Assess
    expect(outcome).toMatchObject({ action: 'restarted', newTaskArn: NEW_TASK, attempt: 2 });
    expect(getRecentToken('token-0')).toBe(NEW_TASK);
  });

  it('queues a RunTask retry after a backoff, then abandons when the budget is spent', async () => {
    // Prepare
    ecs.on(RunTaskCommand).resolves({ tasks: [], failures: [{ reason: 'RESOURCE:CPU' }] });
    const options = { queueUrl: QUEUE, config, now: 1_000, random: 0.5 };
    // Act
    const retried = await executeRestart(makeMessage(), options);
    const abandoned = await executeRestart(makeMessage({ runTaskRetries: 5 }), options);
    // Assess
    expect(retried).toMatchObject({
      action: 'delayed',
      reason: 'run-task-retry',
      delaySeconds: 10,
    });
    expect(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.DelaySeconds).toBe(10);
    expect(abandoned).toMatchObject({
      action: 'abandoned',
      reason: 'run-task-budget-exhausted',
      failure: 'RESOURCE:CPU',
    });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
  });

  it('abandons a rejected RunTask at once, naming the error, with no retry queued', async () => {
    // Prepare: a revision deregistered since the task failed, on the first try.
    ecs
      .on(RunTaskCommand)
      .rejects(
        awsError('ClientException', { $fault: 'client', message: 'TaskDefinition is inactive' }),
      );
    // Act
    const outcome = await executeRestart(makeMessage(), {
      queueUrl: QUEUE,
      config,
      now: 0,
      random: 0.5,
    });
    // Assess
    expect(outcome).toMatchObject({
      action: 'abandoned',
      reason: 'run-task-rejected',
      runTaskRetries: 0,
      failure: expect.stringMatching(/^ClientException: .*TaskDefinition is inactive/),
    });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);
  });
});

describe('scheduleRestart and preserveInvalidMessage', () => {
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  });

  it('refuses to run a delayed restart without a delay queue', async () => {
    await expect(scheduleRestart(undefined, makeMessage(), 10)).rejects.toThrow(
      /RESTART_QUEUE_URL/,
    );
  });

  it('preserves the raw body beside its issues', async () => {
    // Act
    await preserveInvalidMessage(QUEUE, { messageId: 'm-1', issues: ['kind: bad'], body: 'x' });
    // Assess
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(JSON.parse(input?.MessageBody ?? '{}')).toEqual({
      reason: 'invalid-delayed-restart',
      messageId: 'm-1',
      issues: ['kind: bad'],
      body: 'x',
    });
  });
});
