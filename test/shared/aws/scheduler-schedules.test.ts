import {
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { getScheduleTarget, listSchedules } from '../../../shared/aws/scheduler-schedules.ts';
import { AwsCallError } from '../../../shared/runtime/errors.ts';

const scheduler = mockClient(SchedulerClient);
const cluster = 'arn:aws:ecs:us-east-1:123456789012:cluster/batch';

describe('listSchedules', () => {
  beforeEach(() => scheduler.reset());

  it('lists every group in one listing across pages, 100 a page', async () => {
    // Prepare
    scheduler
      .on(ListSchedulesCommand)
      .resolvesOnce({
        Schedules: [
          { GroupName: 'default', Name: 'a', State: 'ENABLED', Target: { Arn: cluster } },
        ],
        NextToken: 'p2',
      })
      .resolvesOnce({
        Schedules: [{ GroupName: 'reports', Name: 'b', State: 'DISABLED', Target: { Arn: 'x' } }],
      });

    // Act
    const schedules = await listSchedules();

    // Assess
    expect(schedules).toEqual([
      { groupName: 'default', name: 'a', targetArn: cluster, state: 'ENABLED' },
      { groupName: 'reports', name: 'b', targetArn: 'x', state: 'DISABLED' },
    ]);
    const inputs = scheduler.commandCalls(ListSchedulesCommand).map((call) => call.args[0].input);
    // No group filter: ListSchedules then lists the schedules of every group.
    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      expect(input.GroupName).toBeUndefined();
      expect(input.MaxResults).toBe(100);
    }
  });

  it('wraps a throttled page, keeping the SDK error as cause', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    scheduler.on(ListSchedulesCommand).rejects(throttled);

    const failure = listSchedules();

    await expect(failure).rejects.toBeInstanceOf(AwsCallError);
    await expect(failure).rejects.toMatchObject({ kind: 'throttled', operation: 'ListSchedules' });
  });
});

describe('getScheduleTarget', () => {
  beforeEach(() => scheduler.reset());

  it('returns the ECS parameters and input of the target', async () => {
    scheduler.on(GetScheduleCommand, { GroupName: 'reports', Name: 'b' }).resolves({
      Target: {
        Arn: cluster,
        RoleArn: 'arn:aws:iam::123456789012:role/r',
        EcsParameters: { TaskDefinitionArn: 'report:3' },
      },
    });

    expect(await getScheduleTarget('reports', 'b')).toEqual({
      arn: cluster,
      ecsTaskDefinition: 'report:3',
      input: undefined,
    });
  });

  it('treats a schedule deleted since it was listed as running nothing', async () => {
    scheduler
      .on(GetScheduleCommand)
      .rejects(new ResourceNotFoundException({ Message: 'gone', message: 'gone', $metadata: {} }));

    expect(await getScheduleTarget('default', 'a')).toBeUndefined();
  });

  it('throws any other failure as an AwsCallError', async () => {
    const denied = Object.assign(new Error('no'), { name: 'AccessDeniedException' });
    scheduler.on(GetScheduleCommand).rejects(denied);

    await expect(getScheduleTarget('default', 'a')).rejects.toMatchObject({
      kind: 'access-denied',
      awsErrorName: 'AccessDeniedException',
    });
  });
});
