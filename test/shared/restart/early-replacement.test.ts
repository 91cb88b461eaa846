import { ConflictException, ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { restartSectionSchema } from '../../../shared/config/restart-section.ts';
import {
  actOnRestartStep,
  getRecentToken,
  getTokensStartedBeforeStop,
  resetRecentTokens,
} from '../../../shared/restart/act.ts';
import { makeMessage } from './policy/restart-fixtures.ts';

const ecs = mockClient(ECSClient);
const sqs = mockClient(SQSClient);
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/111122223333/restart-delay';
const NEW_TASK = 'arn:aws:ecs:us-east-1:111122223333:task/batch/new';
const STOPPED_AT = Date.UTC(2025, 2, 14, 9, 4, 40);
const options = {
  queueUrl: QUEUE,
  config: restartSectionSchema.parse({ backoff: { jitterRatio: 0 } }),
  now: STOPPED_AT + 1_000,
  random: 0.5,
};

describe('act on a capacity loss: the warning and the STOPPED event', () => {
  beforeEach(() => {
    ecs.reset();
    sqs.reset();
    resetRecentTokens();
    process.env.AWS_REGION = 'us-east-1';
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  });

  it('starts the replacement on the warning and remembers it as started before the stop', async () => {
    // Prepare
    const createdAt = new Date(options.now + 200);
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: NEW_TASK, createdAt }] });
    const message = makeMessage({ reason: 'interruption-warning' });
    // Act
    const outcome = await actOnRestartStep({ kind: 'run-now', message, beforeStop: true }, options);
    // Assess
    expect(outcome).toMatchObject({
      action: 'restarted',
      reason: 'interruption-warning',
      newTaskArn: NEW_TASK,
    });
    expect(getRecentToken('token-0')).toBe(NEW_TASK);
    expect(getTokensStartedBeforeStop().has('token-0')).toBe(true);
  });

  it('reports a duplicate when ECS answers the warning with a task another container started', async () => {
    // Prepare: the same warning delivered twice, the other copy handled a minute ago elsewhere.
    const createdAt = new Date(options.now - 60_000);
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: NEW_TASK, createdAt }] });
    const message = makeMessage({ reason: 'interruption-warning' });
    // Act
    const outcome = await actOnRestartStep({ kind: 'run-now', message, beforeStop: true }, options);
    // Assess: one task, counted once.
    expect(outcome).toMatchObject({
      action: 'duplicate',
      reason: 'duplicate-event',
      newTaskArn: NEW_TASK,
    });
  });

  it.each([
    ['no capacity', { resolves: { tasks: [], failures: [{ reason: 'RESOURCE:CPU' }] } }],
    [
      'a refusal',
      { rejects: Object.assign(new Error('no'), { name: 'ClientException', $fault: 'client' }) },
    ],
  ])('leaves a warning whose RunTask meets %s to the STOPPED event, queuing nothing', async (_label, behaviour) => {
    // Prepare
    if ('resolves' in behaviour) ecs.on(RunTaskCommand).resolves(behaviour.resolves);
    else ecs.on(RunTaskCommand).rejects(behaviour.rejects);
    const message = makeMessage({ reason: 'interruption-warning' });
    // Act
    const outcome = await actOnRestartStep({ kind: 'run-now', message, beforeStop: true }, options);
    // Assess
    expect(outcome).toMatchObject({ action: 'skipped', reason: 'left-to-stop-event' });
    expect(outcome.failure).toBeTruthy();
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(getRecentToken('token-0')).toBeUndefined();
  });

  it.each([
    [
      'created before the stop: the warning replaced it',
      STOPPED_AT - 100_000,
      'duplicate',
      'replaced-before-stop',
    ],
    ['created after the stop: a restart', STOPPED_AT + 500, 'restarted', 'spot-interruption'],
  ])('reports the STOPPED event by when ECS created the task it answers with: %s', async (_label, createdAt, action, reason) => {
    // Prepare
    ecs
      .on(RunTaskCommand)
      .resolves({ tasks: [{ taskArn: NEW_TASK, createdAt: new Date(createdAt) }] });
    const message = makeMessage({ reason: 'spot-interruption' });
    // Act
    const outcome = await actOnRestartStep(
      { kind: 'run-now', message, stoppedAt: STOPPED_AT },
      options,
    );
    // Assess
    expect(outcome).toMatchObject({ action, reason, newTaskArn: NEW_TASK });
  });

  it.each([
    ['the warning', { kind: 'run-now', beforeStop: true } as const, 'duplicate-event'],
    [
      'the STOPPED event',
      { kind: 'run-now', stoppedAt: STOPPED_AT } as const,
      'replaced-before-stop',
    ],
  ])('counts a ConflictException naming the task as the replacement already started, on %s', async (_label, step, reason) => {
    // Prepare: the clientToken was used before, with other parameters; ECS names its task.
    ecs
      .on(RunTaskCommand)
      .rejects(
        new ConflictException({ message: 'token reused', $metadata: {}, resourceIds: [NEW_TASK] }),
      );
    const message = makeMessage({ reason: 'spot-interruption' });
    // Act
    const outcome = await actOnRestartStep({ ...step, message }, options);
    // Assess
    expect(outcome).toMatchObject({ action: 'duplicate', reason, newTaskArn: NEW_TASK });
  });
});
