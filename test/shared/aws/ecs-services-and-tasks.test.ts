import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  GetTaskProtectionCommand,
  ListServicesCommand,
  ListTasksCommand,
  RunTaskCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runTask } from '../../../shared/aws/ecs-run-task.ts';
import { describeServices, listServiceArns } from '../../../shared/aws/ecs-services.ts';
import {
  describeTaskRevisions,
  describeTasks,
  listProtectedTaskArns,
  listTaskArnsUpTo,
} from '../../../shared/aws/ecs-tasks.ts';

const ecs = mockClient(ECSClient);
const ids = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

describe('ecs-services and ecs-tasks', () => {
  beforeEach(() => ecs.reset());

  it.each([
    ['stops at the page cap and says more were left', 2, ['a', 'b'], true],
    ['reads every page under the cap', 5, ['a', 'b', 'c'], false],
  ])('lists task ARNs up to a page cap: %s', async (_name, maxPages, taskArns, truncated) => {
    ecs
      .on(ListTasksCommand)
      .resolvesOnce({ taskArns: ['a'], nextToken: 'n1' })
      .resolvesOnce({ taskArns: ['b'], nextToken: 'n2' })
      .resolvesOnce({ taskArns: ['c'] });

    const page = await listTaskArnsUpTo('batch', { desiredStatus: 'STOPPED' }, maxPages);

    expect(page).toEqual({ taskArns, truncated });
    expect(ecs.commandCalls(ListTasksCommand)).toHaveLength(taskArns.length);
  });

  it('lists services across two pages', async () => {
    ecs
      .on(ListServicesCommand)
      .resolvesOnce({ serviceArns: ['a'], nextToken: 'n' })
      .resolvesOnce({ serviceArns: ['b'] });

    await expect(listServiceArns('prod')).resolves.toEqual(['a', 'b']);
  });

  it('describes services 10 a call with tags, and returns the ones ECS could not find', async () => {
    ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
      services: input.services
        .filter((name) => name !== 'svc-3')
        .map((serviceArn) => ({
          serviceArn,
          serviceName: serviceArn,
          desiredCount: 2,
          deployments: [{ status: 'PRIMARY', taskDefinition: 'td:2', rolloutState: 'COMPLETED' }],
          tags: [{ key: 'team', value: 'a' }],
        })),
      failures: input.services
        .filter((name) => name === 'svc-3')
        .map((arn) => ({ arn, reason: 'MISSING' })),
    }));

    const result = await describeServices('prod', ids(25, 'svc'));

    expect(
      ecs.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input.services?.length),
    ).toEqual([10, 10, 5]);
    expect(ecs.commandCalls(DescribeServicesCommand)[0]?.args[0].input.include).toEqual(['TAGS']);
    expect(result.services).toHaveLength(24);
    expect(result.services[0]).toMatchObject({
      desiredCount: 2,
      tags: { team: 'a' },
      taskSetTaskDefinitions: [],
    });
    expect(result.failures).toEqual([{ arn: 'svc-3', reason: 'MISSING' }]);
  });

  it('describes tasks 100 a call', async () => {
    ecs.on(DescribeTasksCommand).callsFake((input: { tasks: string[] }) => ({
      tasks: input.tasks.map((taskArn) => ({ taskArn, tags: [] })),
    }));

    const result = await describeTasks('prod', ids(250, 'task'));

    expect(
      ecs.commandCalls(DescribeTasksCommand).map((call) => call.args[0].input.tasks?.length),
    ).toEqual([100, 100, 50]);
    expect(result.tasks).toHaveLength(250);
  });

  it('keeps only ARN and revision of described tasks, without asking for tags', async () => {
    ecs.on(DescribeTasksCommand).callsFake((input: { tasks: string[] }) => ({
      tasks: input.tasks
        .filter((taskArn) => taskArn !== 'task-7')
        .map((taskArn) => ({
          taskArn,
          taskDefinitionArn: `td:${taskArn}`,
          containers: [{ name: 'app', networkInterfaces: [{ privateIpv4Address: '10.0.0.1' }] }],
          attachments: [{ type: 'ElasticNetworkInterface', details: [] }],
        })),
      failures: input.tasks
        .filter((taskArn) => taskArn === 'task-7')
        .map((arn) => ({ arn, reason: 'MISSING' })),
    }));

    const result = await describeTaskRevisions('prod', ids(150, 'task'));

    expect(
      ecs.commandCalls(DescribeTasksCommand).map((call) => call.args[0].input.tasks?.length),
    ).toEqual([100, 50]);
    expect(ecs.commandCalls(DescribeTasksCommand)[0]?.args[0].input.include).toBeUndefined();
    expect(result.tasks).toHaveLength(149);
    expect(result.tasks[0]).toEqual({ taskArn: 'task-0', taskDefinitionArn: 'td:task-0' });
    expect(result.failures).toEqual([{ arn: 'task-7', reason: 'MISSING' }]);
  });

  it('counts only unexpired protections', async () => {
    const now = new Date('2026-11-22T12:00:00Z');
    ecs.on(GetTaskProtectionCommand).resolves({
      protectedTasks: [
        { taskArn: 'a', protectionEnabled: true, expirationDate: new Date('2026-11-22T13:00:00Z') },
        { taskArn: 'b', protectionEnabled: true, expirationDate: new Date('2026-11-22T11:00:00Z') },
        { taskArn: 'c', protectionEnabled: false },
      ],
    });

    await expect(listProtectedTaskArns('prod', ['a', 'b', 'c'], now)).resolves.toEqual(['a']);
  });

  it.each([
    ['a placement failure that capacity can fix', 'RESOURCE:MEMORY', true],
    ['a resource that is gone', 'MISSING', false],
  ])('returns RunTask failures instead of throwing: %s', async (_name, reason, retryable) => {
    ecs.on(RunTaskCommand).resolves({ tasks: [], failures: [{ arn: 'x', reason }] });

    await expect(runTask({ cluster: 'prod', taskDefinition: 'td:1' })).resolves.toEqual({
      kind: 'not-placed',
      reasons: [reason],
      retryable,
    });
  });

  it('returns a refusal as a classified error instead of throwing', async () => {
    ecs.on(RunTaskCommand).rejects(
      Object.assign(new Error('role cannot be passed'), {
        name: 'AccessDeniedException',
        $fault: 'client',
      }),
    );

    const result = await runTask({ cluster: 'prod', taskDefinition: 'td:1' });

    expect(result).toMatchObject({
      kind: 'refused',
      retryable: false,
      error: { kind: 'access-denied', transient: false, awsErrorName: 'AccessDeniedException' },
    });
  });

  it.each([
    ['InvalidParameterException', { $fault: 'client' }, false],
    ['ClientException', { $fault: 'client' }, false],
    ['PlatformUnknownException', { $fault: 'client' }, false],
    ['ConflictException', { $fault: 'client' }, false],
    ['ThrottlingException', { $fault: 'client' }, true],
    ['ServerException', { $fault: 'server' }, true],
    ['TimeoutError', {}, true],
    ['ECONNREFUSED', {}, true],
  ])('classifies a RunTask %s as retryable: %s', async (name, extra, retryable) => {
    ecs
      .on(RunTaskCommand)
      .rejects(Object.assign(new Error(`${name} happened`), { name, ...extra }));

    const result = await runTask({ cluster: 'prod', taskDefinition: 'td:1' });

    expect(result).toMatchObject({ kind: 'refused', retryable });
  });
});
