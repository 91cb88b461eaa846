import {
  DescribeTasksCommand,
  ECSClient,
  GetTaskProtectionCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readServiceTasks } from '../../../shared/scale/service-tasks.ts';

const ecs = mockClient(ECSClient);
const scaleIn = { clusterName: 'prod', serviceName: 'web-a', currentCount: 3, desiredCount: 1 };
const arn = (id: string) => `arn:aws:ecs:us-east-1:123456789012:task/prod/${id}`;

describe('readServiceTasks', () => {
  beforeEach(() => {
    ecs.reset();
    ecs.on(DescribeTasksCommand).resolves({ tasks: [] });
    ecs.on(GetTaskProtectionCommand).resolves({ protectedTasks: [] });
  });

  it('reads each task’s deployment, status, health, start and size, and its protection', async () => {
    // Prepare
    const now = new Date('2026-01-01T00:00:00Z');
    const startedAt = new Date('2025-12-31T23:55:00Z');
    ecs.on(ListTasksCommand).resolves({ taskArns: [arn('t1'), arn('t2'), arn('t3')] });
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: arn('t1'),
          startedBy: 'ecs-svc/new',
          lastStatus: 'RUNNING',
          healthStatus: 'HEALTHY',
          startedAt,
          cpu: '256',
          memory: '512',
        },
        {
          taskArn: arn('t2'),
          startedBy: 'ecs-svc/new',
          lastStatus: 'PENDING',
          healthStatus: 'UNKNOWN',
        },
        {
          taskArn: arn('t3'),
          startedBy: 'ecs-svc/old',
          lastStatus: 'RUNNING',
          healthStatus: 'UNHEALTHY',
          startedAt,
        },
      ],
    });
    ecs.on(GetTaskProtectionCommand).resolves({
      protectedTasks: [
        { taskArn: arn('t1'), protectionEnabled: true },
        {
          taskArn: arn('t2'),
          protectionEnabled: true,
          expirationDate: new Date('2025-12-31T00:00:00Z'),
        },
        { taskArn: arn('t3'), protectionEnabled: false },
      ],
    });
    // Act
    const readings = await readServiceTasks([scaleIn], now);
    // Assess
    expect(readings.get('prod/web-a')).toEqual({
      protectedTasks: 1,
      tasks: [
        {
          taskId: 't1',
          deploymentId: 'ecs-svc/new',
          running: true,
          health: 'HEALTHY',
          startedAt: startedAt.getTime(),
          cpu: 256,
          memory: 512,
        },
        {
          taskId: 't2',
          deploymentId: 'ecs-svc/new',
          running: false,
          health: 'UNKNOWN',
          startedAt: undefined,
          cpu: undefined,
          memory: undefined,
        },
        {
          taskId: 't3',
          deploymentId: 'ecs-svc/old',
          running: true,
          health: 'UNHEALTHY',
          startedAt: startedAt.getTime(),
          cpu: undefined,
          memory: undefined,
        },
      ],
    });
    expect(ecs.commandCalls(ListTasksCommand)[0]?.args[0].input).toMatchObject({
      cluster: 'prod',
      serviceName: 'web-a',
      desiredStatus: 'RUNNING',
    });
    expect(ecs.commandCalls(DescribeTasksCommand)[0]?.args[0].input.include).toBeUndefined();
  });

  it('asks for no protection when the service would scale out', async () => {
    // Prepare
    ecs.on(ListTasksCommand).resolves({ taskArns: [arn('t1')] });
    ecs
      .on(DescribeTasksCommand)
      .resolves({ tasks: [{ taskArn: arn('t1'), lastStatus: 'RUNNING' }] });
    // Act
    const readings = await readServiceTasks([{ ...scaleIn, desiredCount: 5 }], new Date());
    // Assess
    expect(readings.get('prod/web-a')).toMatchObject({ protectedTasks: undefined });
    expect(ecs.commandCalls(GetTaskProtectionCommand)).toHaveLength(0);
  });

  it('asks nothing more of ECS for a service without RUNNING tasks', async () => {
    // Prepare
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    // Act
    const readings = await readServiceTasks([scaleIn], new Date());
    // Assess
    expect(readings.get('prod/web-a')).toEqual({ tasks: [], protectedTasks: 0 });
    expect(ecs.commandCalls(DescribeTasksCommand)).toHaveLength(0);
    expect(ecs.commandCalls(GetTaskProtectionCommand)).toHaveLength(0);
  });

  it('turns a failed read into an unread reading instead of failing the tick', async () => {
    // Prepare
    ecs.on(ListTasksCommand).resolves({ taskArns: [arn('t1')] });
    ecs
      .on(DescribeTasksCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    // Act
    const readings = await readServiceTasks([scaleIn], new Date());
    // Assess
    expect(readings.get('prod/web-a')).toMatchObject({ unread: expect.stringContaining('denied') });
  });
});
