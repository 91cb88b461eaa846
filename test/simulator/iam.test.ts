import {
  AccessDeniedException,
  ClientException,
  DeregisterTaskDefinitionCommand,
  ECSClient,
  InvalidParameterException,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type RunTaskCommandInput,
} from '@aws-sdk/client-ecs';
import {
  GetQueueAttributesCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { clientConfig } from './clients.ts';

const ACCOUNT = '123456789012';
const FUNCTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/restart-task`;
const network = { awsvpcConfiguration: { subnets: ['subnet-a'], securityGroups: ['sg-1'] } };
/** Denies SendMessage to every principal but the function's role (the template's statement). */
const onlyTheFunction = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'sqs:SendMessage',
      Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:delays`,
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': FUNCTION_ROLE } },
    },
  ],
};

describe('simulator IAM: iam:PassRole on RunTask, queue policies on SendMessage', () => {
  let sim: Simulator;
  const as = (accessKeyId: string) => ({
    ...clientConfig(sim.endpoint),
    credentials: { accessKeyId, secretAccessKey: 'y' },
  });

  beforeEach(async () => {
    sim = await startSimulator({
      scenario: {
        clusters: ['batch'],
        queues: [{ name: 'delays', policy: onlyTheFunction }, { name: 'open' }],
        identities: [
          {
            accessKeyId: 'function',
            arn: FUNCTION_ROLE,
            passRoles: [`arn:aws:iam::${ACCOUNT}:role/ecs-autopilot-passable-*`],
          },
        ],
      },
    });
    await new ECSClient(as('admin')).send(
      new RegisterTaskDefinitionCommand({
        family: 'job',
        networkMode: 'awsvpc',
        taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecs-autopilot-passable-job`,
        executionRoleArn: 'ecs-autopilot-passable-exec',
        containerDefinitions: [{ name: 'app', image: 'example/job' }],
      }),
    );
  });
  afterEach(async () => {
    await sim.close();
  });

  const run = (accessKeyId: string, extra: Partial<RunTaskCommandInput> = {}) =>
    new ECSClient(as(accessKeyId)).send(
      new RunTaskCommand({
        cluster: 'batch',
        taskDefinition: 'job',
        launchType: 'FARGATE',
        networkConfiguration: network,
        ...extra,
      }),
    );

  it("runs a task whose roles (the revision's, by ARN and by name) the caller may pass", async () => {
    const answer = await run('function');
    expect(answer.tasks).toHaveLength(1);
  });

  it('refuses a role override the caller may not pass, naming the role, and starts nothing', async () => {
    // Act
    const call = run('function', {
      overrides: { taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/admin` },
    });
    // Assess
    await expect(call).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(call).rejects.toThrow(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/restart-task/session is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${ACCOUNT}:role/admin because no identity-based policy allows the iam:PassRole action`,
    );
    expect(sim.account.tasks.size).toBe(0);
  });

  it('lets a caller without a passRoles restriction pass any role', async () => {
    const answer = await run('admin', { overrides: { taskRoleArn: 'anything' } });
    expect(answer.tasks).toHaveLength(1);
  });

  it.each([
    ['EC2', { launchType: 'EC2' as const }, true],
    [
      'an EC2 capacity provider',
      { launchType: undefined, capacityProviderStrategy: [{ capacityProvider: 'asg' }] },
      true,
    ],
    ['Fargate', {}, false],
    [
      'FARGATE_SPOT',
      { launchType: undefined, capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }] },
      false,
    ],
  ])('answers a public IP on %s as ECS does', async (_name, capacity, refused) => {
    // Act
    const call = run('admin', {
      ...capacity,
      networkConfiguration: {
        awsvpcConfiguration: { ...network.awsvpcConfiguration, assignPublicIp: 'ENABLED' },
      },
    });
    // Assess
    if (refused) {
      await expect(call).rejects.toBeInstanceOf(InvalidParameterException);
      await expect(call).rejects.toThrow('Assign public IP is not supported for this launch type.');
    } else {
      await expect(call).resolves.toMatchObject({ tasks: [expect.anything()] });
    }
  });

  it('refuses a revision that was deregistered with ClientException', async () => {
    // Prepare
    await new ECSClient(as('admin')).send(
      new DeregisterTaskDefinitionCommand({ taskDefinition: 'job:1' }),
    );
    // Act
    const call = run('admin', { taskDefinition: 'job:1' });
    // Assess
    await expect(call).rejects.toBeInstanceOf(ClientException);
    await expect(call).rejects.toThrow(/TaskDefinition is inactive/);
  });

  it('refuses SendMessage to every principal the queue policy denies, and only to them', async () => {
    // Prepare
    const url = `${sim.endpoint}/${ACCOUNT}/delays`;
    const send = (key: string, QueueUrl = url) =>
      new SQSClient(as(key)).send(new SendMessageCommand({ QueueUrl, MessageBody: '{}' }));
    // Act / Assess
    await expect(send('function')).resolves.toMatchObject({ MessageId: expect.any(String) });
    const denied = send('intruder');
    await expect(denied).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(denied).rejects.toThrow(/with an explicit deny in a resource-based policy/);
    await expect(send('intruder', `${sim.endpoint}/${ACCOUNT}/open`)).resolves.toBeDefined();
    expect(sim.account.queues.get('delays')?.messages).toHaveLength(1);
  });

  it('sets and reads a queue policy through the Policy attribute', async () => {
    // Prepare
    const sqs = new SQSClient(as('admin'));
    const QueueUrl = `${sim.endpoint}/${ACCOUNT}/open`;
    // Act
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl,
        Attributes: { Policy: JSON.stringify(onlyTheFunction) },
      }),
    );
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    // Assess
    expect(JSON.parse(attributes.Attributes?.Policy ?? '{}')).toEqual(onlyTheFunction);
    await expect(
      sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{}' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });
});
