import { ECSClient, GetTaskProtectionCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readScaleInProtection } from '../../../shared/scale/protection.ts';

const ecs = mockClient(ECSClient);

describe('readScaleInProtection', () => {
  beforeEach(() => ecs.reset());

  it('counts the RUNNING tasks of the service whose protection has not expired', async () => {
    // Prepare
    const now = new Date('2026-01-01T00:00:00Z');
    ecs.on(ListTasksCommand).resolves({ taskArns: ['t1', 't2', 't3'] });
    ecs.on(GetTaskProtectionCommand).resolves({
      protectedTasks: [
        { taskArn: 't1', protectionEnabled: true },
        {
          taskArn: 't2',
          protectionEnabled: true,
          expirationDate: new Date('2025-12-31T00:00:00Z'),
        },
        { taskArn: 't3', protectionEnabled: false },
      ],
    });
    // Act
    const readings = await readScaleInProtection(
      [{ clusterName: 'prod', serviceName: 'web-a' }],
      now,
    );
    // Assess
    expect(readings.get('prod/web-a')).toEqual({ protectedTasks: 1 });
    expect(ecs.commandCalls(ListTasksCommand)[0]?.args[0].input).toMatchObject({
      cluster: 'prod',
      serviceName: 'web-a',
      desiredStatus: 'RUNNING',
    });
  });

  it('asks nothing of ECS for a service without RUNNING tasks', async () => {
    // Prepare
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    // Act
    const readings = await readScaleInProtection(
      [{ clusterName: 'prod', serviceName: 'web-a' }],
      new Date(),
    );
    // Assess
    expect(readings.get('prod/web-a')).toEqual({ protectedTasks: 0 });
    expect(ecs.commandCalls(GetTaskProtectionCommand)).toHaveLength(0);
  });

  it('turns a failed read into an unread reading instead of failing the tick', async () => {
    // Prepare
    ecs
      .on(ListTasksCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    // Act
    const readings = await readScaleInProtection(
      [{ clusterName: 'prod', serviceName: 'web-a' }],
      new Date(),
    );
    // Assess
    expect(readings.get('prod/web-a')).toMatchObject({ unread: expect.stringContaining('denied') });
  });
});
