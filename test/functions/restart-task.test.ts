import { AccessDeniedException, ListTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { computeClientToken } from '../../shared/restart/policy/compute-client-token.ts';
import { RESTART_FIXTURES } from '../shared/restart/policy/restart-fixtures.ts';
import { loadFixture } from '../support/fixtures.ts';
import {
  BASE_POLICY,
  captureOutput,
  ecs,
  eventBridge,
  invoke,
  loadEvent,
  loadResponseTags,
  RESTART_QUEUE_URL,
  sentBodies,
  setUpRestartHandler,
  sqs,
  sqsEvent,
} from './restart-task-harness.ts';

const EXIT_1 = 'task-stopped-essential-exit-1-fargate';
const EXIT_1_ARN = 'arn:aws:ecs:us-east-1:111122223333:task/batch/3f1c2a7b9d8e4f60a1b2c3d4e5f60718';

describe('restart-task handler (ECS Task State Change)', () => {
  beforeEach(() => setUpRestartHandler());
  afterEach(() => vi.useRealTimers());

  it.each([
    [EXIT_1, 'delayed', 'retry-default', 1],
    ['task-stopped-essential-exit-0-fargate', 'skipped', 'exited-cleanly', 0],
    ['task-stopped-essential-exit-137-ec2', 'delayed', 'retry-rule', 1],
    ['task-stopped-essential-exit-127-fargate', 'abandoned', 'give-up-rule', 0],
    ['task-failed-to-start-resource-initialization-fargate', 'delayed', 'retry-rule', 1],
    ['task-failed-to-start-cannot-pull-not-found-fargate', 'abandoned', 'give-up-rule', 0],
    ['task-failed-to-start-cannot-pull-timeout-fargate', 'delayed', 'retry-rule', 1],
    ['task-failed-to-start-no-task-arn-fargate', 'delayed', 'retry-rule', 1],
    ['task-stopped-essential-exit-0-sidecar-143-fargate', 'skipped', 'exited-cleanly', 0],
    ['task-stopped-spot-interruption-fargate-spot', 'restarted', 'spot-interruption', 1],
    ['task-stopping-spot-interruption-notice-fargate-spot', 'restarted', 'interruption-warning', 1],
    ['task-stopped-termination-notice-ec2', 'restarted', 'termination-notice', 1],
    ['task-stopped-user-initiated-fargate', 'skipped', 'deliberate-stop', 0],
    ['task-stopped-service-scheduler-initiated-fargate', 'skipped', 'service-task', 0],
    ['task-stopped-service-essential-exit-1-fargate', 'skipped', 'service-task', 0],
    ['task-stopped-old-arn-format-ec2', 'delayed', 'retry-default', 1],
    ['task-stopped-step-functions-exit-1-fargate', 'skipped', 'orchestrator-owned', 0],
    ['task-stopped-aws-batch-exit-1-ec2', 'skipped', 'orchestrator-owned', 0],
    ['task-stopped-scheduler-exit-1-fargate', 'delayed', 'retry-default', 1],
    ['task-failed-to-start-missing-secret-fargate', 'abandoned', 'give-up-rule', 0],
    ['task-stopped-essential-exit-1-role-override-fargate', 'abandoned', 'role-not-passable', 0],
  ])('handles %s: %s (%s)', async (fixture, action, reason, attempt) => {
    // Act
    const summary = await invoke(loadEvent(fixture));
    // Assess
    expect(summary).toMatchObject({ trigger: 'task-state-change', action, reason, attempt });
    const runTasks = ecs.commandCalls(RunTaskCommand).length;
    const sends = sentBodies(RESTART_QUEUE_URL).length;
    expect([runTasks, sends]).toEqual(
      action === 'restarted' ? [1, 0] : action === 'delayed' ? [0, 1] : [0, 0],
    );
    const auditTypes = eventBridge
      .commandCalls(PutEventsCommand)
      .flatMap((call) => call.args[0].input.Entries?.map((e) => e.DetailType) ?? []);
    const expectedAudit = { restarted: ['Task Restarted'], abandoned: ['Task Restart Abandoned'] };
    expect(auditTypes).toEqual(expectedAudit[action as keyof typeof expectedAudit] ?? []);
  });

  it('covers every fixture in the decision table', () => {
    expect(RESTART_FIXTURES).toHaveLength(21);
  });

  it('queues a backoff on the delay queue with the computed DelaySeconds and full RunTask input', async () => {
    // Prepare
    setUpRestartHandler({ tags: loadResponseTags('describe-tasks-restarted-attempt-2-tags') });
    // Act
    const summary = await invoke(loadEvent(EXIT_1));
    // Assess: attempt 3 waits 10 * 2^2 = 40 s (jitter ±10 %).
    expect(summary).toMatchObject({ action: 'delayed', attempt: 3 });
    const call = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(call?.QueueUrl).toBe(RESTART_QUEUE_URL);
    expect(call?.DelaySeconds).toBeGreaterThanOrEqual(36);
    expect(call?.DelaySeconds).toBeLessThanOrEqual(44);
    expect(summary).toMatchObject({ delaySeconds: call?.DelaySeconds });
    expect(JSON.parse(call?.MessageBody ?? '{}')).toMatchObject({
      kind: 'ecs-autopilot.delayed-restart',
      attempt: 3,
      lineage: '3f1c2a7b9d8e4f60a1b2c3d4e5f60718',
      runTaskInput: { clientToken: computeClientToken(EXIT_1_ARN, 3) },
    });
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
  });

  it('rebuilds the exact RunTask input from the event and the task tags, through the delay queue', async () => {
    // Prepare
    setUpRestartHandler({ tags: loadResponseTags('describe-tasks-exit-1-fargate-tags') });
    await invoke(loadEvent(EXIT_1));
    const [message] = sentBodies(RESTART_QUEUE_URL);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
    // Act
    const result = await invoke(sqsEvent([message]));
    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const event = loadEvent(EXIT_1) as { detail: { overrides: unknown } };
    expect(ecs.commandCalls(RunTaskCommand)[0]?.args[0].input).toEqual({
      cluster: 'arn:aws:ecs:us-east-1:111122223333:cluster/batch',
      taskDefinition: 'arn:aws:ecs:us-east-1:111122223333:task-definition/report-job:7',
      count: 1,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
      platformVersion: '1.4.0',
      group: 'family:report-job',
      overrides: event.detail.overrides,
      enableExecuteCommand: true,
      enableECSManagedTags: true,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1b2c3d4e5f60001'],
          securityGroups: ['sg-0a1b2c3d4e5f60001', 'sg-0a1b2c3d4e5f60002'],
          assignPublicIp: 'DISABLED',
        },
      },
      tags: [
        { key: 'team', value: 'reporting' },
        { key: 'cost-center', value: 'cc-4711' },
        { key: 'ecs-autopilot:restart', value: 'on-failure' },
        {
          key: 'ecs-autopilot:security-groups',
          value: 'sg-0a1b2c3d4e5f60001 sg-0a1b2c3d4e5f60002',
        },
        { key: 'ecs-autopilot:assign-public-ip', value: 'DISABLED' },
        { key: 'ecs-autopilot:lineage', value: '3f1c2a7b9d8e4f60a1b2c3d4e5f60718' },
        { key: 'ecs-autopilot:attempt', value: '1' },
      ],
      startedBy: 'ecs-autopilot',
      clientToken: computeClientToken(EXIT_1_ARN, 1),
    });
  });

  it.each([
    ['DRY_RUN=true', { dryRun: true }],
    ['restart.dryRun', { policy: { restart: { ...BASE_POLICY.restart, dryRun: true } } }],
  ])('sends no RunTask, no SendMessage and no audit event in a dry run (%s)', async (_l, options) => {
    for (const fixture of [EXIT_1, 'task-stopped-spot-interruption-fargate-spot']) {
      // Prepare
      setUpRestartHandler(options);
      // Act
      const summary = await invoke(loadEvent(fixture));
      // Assess
      expect(summary).toMatchObject({ action: 'dry-run', dryRun: true, attempt: 1 });
      expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
      expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
      expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    }
  });

  it('abandons a family in a crash loop and publishes Task Restart Abandoned', async () => {
    // Prepare: four restarted report-job tasks failed in the last minutes.
    const stoppedAt = new Date(Date.now() - 60_000);
    const history = [1, 2, 3, 4].map((n) => ({
      taskArn: `arn:aws:ecs:us-east-1:111122223333:task/batch/${String(n).repeat(32)}`,
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/report-job:7',
      startedBy: 'ecs-autopilot',
      stopCode: 'EssentialContainerExited' as const,
      stoppedAt,
    }));
    setUpRestartHandler({ history });
    const event = loadEvent(EXIT_1) as { detail: { stoppedAt: string } };
    event.detail.stoppedAt = new Date().toISOString();
    // Act
    const summary = await invoke(event);
    // Assess
    expect(summary).toMatchObject({ action: 'abandoned', reason: 'crash-loop' });
    expect(ecs.commandCalls(ListTasksCommand)[0]?.args[0].input).toMatchObject({
      family: 'report-job',
      desiredStatus: 'STOPPED',
    });
    const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({ DetailType: 'Task Restart Abandoned', Source: 'ecs-autopilot' });
    expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({ reason: 'crash-loop' });
  });

  it('abandons at once, with the error, a restart ECS refuses to pass the task role for', async () => {
    // Prepare: the stage lets the function pass any role, but IAM (an SCP, a boundary) refuses
    // the override's role with the answer AWS gives; the first attempt runs at once.
    setUpRestartHandler({
      policy: { restart: { ...BASE_POLICY.restart, backoff: { initialSeconds: 0 } } },
    });
    process.env.PASSABLE_ROLE_NAMES = '*';
    const refusal = loadFixture<{ message: string }>(
      'responses/run-task-access-denied-pass-role.json',
    );
    ecs.on(RunTaskCommand).rejects(new AccessDeniedException({ ...refusal, $metadata: {} }));
    // Act
    const summary = await invoke(loadEvent('task-stopped-essential-exit-1-role-override-fargate'));
    // Assess: one RunTask, no retry queued, the abandon audited with the error.
    expect(summary).toMatchObject({
      action: 'abandoned',
      reason: 'run-task-rejected',
      failure: expect.stringContaining(
        'iam:PassRole on resource: arn:aws:iam::111122223333:role/data-admin',
      ),
    });
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);
    expect(sentBodies(RESTART_QUEUE_URL)).toEqual([]);
    const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry?.DetailType).toBe('Task Restart Abandoned');
  });

  it('never writes a secret override to the logs or metrics', async () => {
    // Prepare: the fixture carries DB_PASSWORD and an --api-key argument.
    setUpRestartHandler({ tags: loadResponseTags('describe-tasks-exit-1-fargate-tags') });
    // Act
    const output = await captureOutput(async () => {
      await invoke(loadEvent(EXIT_1));
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
      await invoke(sqsEvent(sentBodies(RESTART_QUEUE_URL)));
      await invoke(loadEvent('task-stopped-spot-interruption-fargate-spot'));
    });
    // Assess
    expect(output).toContain('restart decision');
    expect(output).toContain('DB_PASSWORD');
    expect(output).not.toContain('hunter2-do-not-log');
    expect(output).not.toContain('sk_live_51Habc123secret');
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(2);
  });
});
