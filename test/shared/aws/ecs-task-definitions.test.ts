import {
  ClientException,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  ServerException,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  deleteTaskDefinitions,
  deregisterTaskDefinition,
  describeTaskDefinition,
  listTaskDefinitionArns,
} from '../../../shared/aws/ecs-task-definitions.ts';
import { AwsCallError } from '../../../shared/runtime/errors.ts';

const ecs = mockClient(ECSClient);
const arn = (family: string, revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`;

describe('ecs-task-definitions', () => {
  beforeEach(() => ecs.reset());

  it('follows nextToken across pages, asking 100 a page', async () => {
    // Prepare
    ecs
      .on(ListTaskDefinitionsCommand)
      .resolvesOnce({ taskDefinitionArns: [arn('app', 1), arn('app', 2)], nextToken: 't1' })
      .resolvesOnce({ taskDefinitionArns: [arn('app', 3)] });

    // Act
    const arns = await listTaskDefinitionArns({ status: 'ACTIVE' });

    // Assess
    expect(arns).toEqual([arn('app', 1), arn('app', 2), arn('app', 3)]);
    const calls = ecs.commandCalls(ListTaskDefinitionsCommand);
    expect(calls.map((call) => call.args[0].input)).toMatchObject([
      { status: 'ACTIVE', sort: 'ASC', maxResults: 100 },
      { status: 'ACTIVE', sort: 'ASC', maxResults: 100, nextToken: 't1' },
    ]);
  });

  it('reads essential containers, treating a missing flag as essential, and tags', async () => {
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn: arn('job', 4),
        family: 'job',
        revision: 4,
        status: 'ACTIVE',
        containerDefinitions: [
          { name: 'main' },
          { name: 'sidecar', essential: false },
          { name: 'init', essential: true },
        ],
      },
      tags: [{ key: 'ecs-autopilot:retain', value: 'true' }],
    });

    const details = await describeTaskDefinition(arn('job', 4));

    expect(details.essentialContainers).toEqual(['main', 'init']);
    expect(details.tags).toEqual({ 'ecs-autopilot:retain': 'true' });
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)[0]?.args[0].input.include).toEqual([
      'TAGS',
    ]);
  });

  it('names the sidecars, the roles RunTask passes and the volumes configured at launch', async () => {
    // Prepare: a FireLens log router, an App Mesh proxy, an X-Ray daemon the app depends on.
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn: arn('job', 5),
        family: 'job',
        revision: 5,
        taskRoleArn: 'arn:aws:iam::111122223333:role/job-task',
        executionRoleArn: 'ecsTaskExecutionRole',
        proxyConfiguration: { containerName: 'envoy', type: 'APPMESH' },
        containerDefinitions: [
          { name: 'app', dependsOn: [{ containerName: 'xray', condition: 'START' }] },
          { name: 'log_router', firelensConfiguration: { type: 'fluentbit' } },
          { name: 'envoy' },
          { name: 'xray' },
        ],
        volumes: [{ name: 'scratch', configuredAtLaunch: true }, { name: 'tmp' }],
      },
    });
    // Act
    const details = await describeTaskDefinition(arn('job', 5));
    // Assess
    expect(details).toMatchObject({
      essentialContainers: ['app', 'log_router', 'envoy', 'xray'],
      sidecarContainers: ['log_router', 'envoy', 'xray'],
      taskRoleArn: 'arn:aws:iam::111122223333:role/job-task',
      executionRoleArn: 'ecsTaskExecutionRole',
      launchConfiguredVolumes: ['scratch'],
    });
  });

  it('treats a revision that is already inactive as deregistered', async () => {
    ecs.on(DeregisterTaskDefinitionCommand).rejects(
      new ClientException({
        message: 'The specified task definition is INACTIVE.',
        $metadata: {},
      }),
    );

    await expect(deregisterTaskDefinition(arn('app', 1))).resolves.toBe('already-inactive');
  });

  it('translates other failures into an AwsCallError naming the operation, keeping the cause', async () => {
    const cause = new ServerException({ message: 'boom', $metadata: {} });
    ecs.on(DeregisterTaskDefinitionCommand).rejects(cause);

    const error = await deregisterTaskDefinition(arn('app', 1)).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      operation: 'DeregisterTaskDefinition',
      awsErrorName: 'ServerException',
      transient: true,
      cause,
    });
  });

  it('deletes in batches of 10 and reports each refused revision', async () => {
    ecs.on(DeleteTaskDefinitionsCommand).callsFake((input: { taskDefinitions: string[] }) => ({
      taskDefinitions: input.taskDefinitions
        .filter((candidate) => !/:1?7$/.test(candidate))
        .map((taskDefinitionArn) => ({ taskDefinitionArn })),
      failures: input.taskDefinitions
        .filter((candidate) => /:1?7$/.test(candidate))
        .map((failed) => ({ arn: failed, reason: 'TASK_DEFINITION_IN_USE' })),
    }));
    const arns = Array.from({ length: 23 }, (_, index) => arn('app', index + 1));

    const result = await deleteTaskDefinitions(arns);

    expect(
      ecs
        .commandCalls(DeleteTaskDefinitionsCommand)
        .map((call) => call.args[0].input.taskDefinitions?.length),
    ).toEqual([10, 10, 3]);
    expect(result.deleted).toHaveLength(21);
    expect(result.failures).toEqual([
      { arn: arn('app', 7), reason: 'TASK_DEFINITION_IN_USE' },
      { arn: arn('app', 17), reason: 'TASK_DEFINITION_IN_USE' },
    ]);
  });
});
