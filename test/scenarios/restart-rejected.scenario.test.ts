/**
 * The restart function, through the built bundle on the simulator, against errors retrying
 * cannot fix (RunTask refusals, missing secrets, EBS volumes configured at launch) and the
 * network it must never guess (the public IP).
 */
import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  auditTypes,
  BASE_POLICY,
  DELAY_QUEUE,
  deliverDue,
  invoke,
  JOB,
  newTasks,
  openRestartAccount,
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

  it('abandons a delayed restart whose revision was deleted meanwhile, in a cold container', async () => {
    // Prepare: the restart waits (60 s); the revision is deregistered and deleted.
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [JOB] },
      policy: { ...BASE_POLICY, backoff: { ...BASE_POLICY.backoff, initialSeconds: 60 } },
    });
    const job = await runJob(account, { taskDefinition: 'job:1' });
    const [event] = stopJob(account, job, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    await invoke(account.handler, event);
    await account.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'job:1' }));
    await account.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['job:1'] }));
    const runTasks = account.sim.calls.count({ action: 'RunTask' });
    // Act: another container (no cached revision) gets the due message.
    const answer = await deliverDue(account, await account.freshContainer());
    // Assess: no RunTask, no retry; the abandon names DescribeTaskDefinition's refusal.
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(account.sim.calls.count({ action: 'RunTask' })).toBe(runTasks);
    expect(account.sim.account.putEvents).toEqual([
      expect.objectContaining({
        detailType: 'Task Restart Abandoned',
        detail: expect.objectContaining({
          reason: 'run-task-rejected',
          failure: expect.stringMatching(/^DescribeTaskDefinition: ClientException: /),
        }),
      }),
    ]);
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
