import { RunTaskCommand } from '@aws-sdk/client-ecs';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BASE_POLICY,
  DEAD_LETTER_QUEUE_URL,
  ecs,
  eventBridge,
  invoke,
  loadEvent,
  RESTART_QUEUE_URL,
  sentBodies,
  setUpRestartHandler,
  sqs,
  sqsEvent,
} from './restart-task-harness.ts';

const EXIT_1 = 'task-stopped-essential-exit-1-fargate';

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

describe('restart-task handler (delay queue): a queued body is checked again before RunTask', () => {
  beforeEach(() => setUpRestartHandler());
  afterEach(() => vi.useRealTimers());

  it('drops a restart the current policy no longer selects, without RunTask', async () => {
    // Prepare: queued under a policy selecting every cluster; the policy then changes.
    const message = await queueExit1Restart();
    setUpRestartHandler({
      policy: {
        restart: { ...BASE_POLICY.restart, select: [{ cluster: 'etl', mode: 'on-failure' }] },
      },
    });
    // Act
    const result = await invoke(sqsEvent([message]));
    // Assess: handled (deleted from the queue), nothing run, nothing queued.
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
    expect(sentBodies(RESTART_QUEUE_URL)).toEqual([]);
  });

  it('abandons a restart that would pass a task role outside passableTaskRoleNames', async () => {
    // Prepare: a body whose overrides name another task role.
    const message = (await queueExit1Restart()) as {
      runTaskInput: { overrides: { taskRoleArn: string } };
    };
    message.runTaskInput.overrides.taskRoleArn = 'arn:aws:iam::111122223333:role/admin';
    // Act
    await invoke(sqsEvent([message]));
    // Assess
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
    expect(auditTypes()).toEqual(['Task Restart Abandoned']);
    const detail = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(JSON.parse(detail?.Detail ?? '{}')).toMatchObject({
      reason: 'role-not-passable',
      failure: expect.stringContaining('arn:aws:iam::111122223333:role/admin'),
    });
  });

  it('preserves a body whose RunTask request is not the task it names, and runs nothing', async () => {
    // Prepare: the body claims report-job but would run another family.
    const message = (await queueExit1Restart()) as { runTaskInput: { taskDefinition: string } };
    message.runTaskInput.taskDefinition =
      'arn:aws:ecs:us-east-1:111122223333:task-definition/admin-shell:1';
    // Act
    const result = await invoke(sqsEvent([message]));
    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
    expect(sentBodies(DEAD_LETTER_QUEUE_URL)).toEqual([
      expect.objectContaining({
        reason: 'invalid-delayed-restart',
        issues: ['runTaskInput.taskDefinition: expected a task definition ARN of the family'],
      }),
    ]);
  });
});
