import {
  EventBridgeClient,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListTargetsByRuleCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import {
  GetScheduleCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  ResourceNotFoundException as ScheduleNotFound,
  SchedulerClient,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  SFNClient,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { clientConfig } from './clients.ts';

const cluster = 'arn:aws:ecs:us-east-1:123456789012:cluster/batch';
const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:nightly';

let sim: Simulator;
let scheduler: SchedulerClient;
let sfn: SFNClient;
let events: EventBridgeClient;

beforeAll(async () => {
  sim = await startSimulator({
    scenario: {
      eventBuses: ['orders'],
      rules: [
        {
          name: 'on-order',
          eventBus: 'orders',
          eventPattern: '{"source":["shop"]}',
          targets: [{ id: 't', cluster: 'batch', taskDefinition: 'fulfil:4' }],
        },
      ],
      scheduleGroups: ['reports'],
      schedules: [
        ...Array.from({ length: 3 }, (_, i) => ({
          name: `daily-${i}`,
          cluster: 'batch',
          taskDefinition: `report:${i + 1}`,
        })),
        {
          name: 'monthly',
          group: 'reports',
          state: 'DISABLED' as const,
          cluster: 'batch',
          taskDefinition: 'report',
        },
        {
          name: 'sdk',
          universal: { action: 'runTask', input: { Cluster: 'batch', TaskDefinition: 'etl:2' } },
        },
      ],
      stateMachines: [
        {
          name: 'nightly',
          definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
          versions: ['{"v":1}', '{"v":2}'],
        },
        { name: 'weekly', definition: '{"v":"weekly"}' },
      ],
    },
  });
  const config = clientConfig(sim.endpoint);
  scheduler = new SchedulerClient(config);
  sfn = new SFNClient(config);
  events = new EventBridgeClient(config);
});

afterAll(() => sim.close());
beforeEach(() => {
  sim.faults.clear();
  sim.calls.clear();
});

describe('simulator EventBridge Scheduler (REST-JSON)', () => {
  it("lists every group's schedules in pages, each target summarised by its ARN", async () => {
    // Act
    const first = await scheduler.send(new ListSchedulesCommand({ MaxResults: 2 }));
    const second = await scheduler.send(
      new ListSchedulesCommand({ MaxResults: 2, NextToken: first.NextToken }),
    );
    const third = await scheduler.send(
      new ListSchedulesCommand({ MaxResults: 2, NextToken: second.NextToken }),
    );

    // Assess
    const all = [
      ...(first.Schedules ?? []),
      ...(second.Schedules ?? []),
      ...(third.Schedules ?? []),
    ];
    expect(all.map((s) => `${s.GroupName}/${s.Name}`)).toEqual([
      'default/daily-0',
      'default/daily-1',
      'default/daily-2',
      'default/sdk',
      'reports/monthly',
    ]);
    expect(third.NextToken).toBeUndefined();
    expect(all[0]?.Target).toEqual({ Arn: cluster });
    expect(all[4]?.State).toBe('DISABLED');
    expect(sim.calls.count({ service: 'scheduler', action: 'ListSchedules' })).toBe(3);
  });

  it('filters by group, and lists the groups', async () => {
    const listed = await scheduler.send(new ListSchedulesCommand({ GroupName: 'reports' }));
    const groups = await scheduler.send(new ListScheduleGroupsCommand({}));

    expect(listed.Schedules?.map((s) => s.Name)).toEqual(['monthly']);
    expect(groups.ScheduleGroups?.map((g) => g.Name)).toEqual(['default', 'reports']);
  });

  it('returns the whole target of one schedule: ECS parameters or a universal input', async () => {
    const templated = await scheduler.send(
      new GetScheduleCommand({ Name: 'monthly', GroupName: 'reports' }),
    );
    const universal = await scheduler.send(new GetScheduleCommand({ Name: 'sdk' }));

    expect(templated.Target?.EcsParameters?.TaskDefinitionArn).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/report',
    );
    expect(universal.Target).toMatchObject({
      Arn: 'arn:aws:scheduler:::aws-sdk:ecs:runTask',
      Input: '{"Cluster":"batch","TaskDefinition":"etl:2"}',
    });
  });

  it("answers the service's errors: unknown schedule, out-of-range page size, injected faults", async () => {
    await expect(
      scheduler.send(new GetScheduleCommand({ Name: 'monthly' })),
    ).rejects.toBeInstanceOf(ScheduleNotFound);
    await expect(
      scheduler.send(new ListSchedulesCommand({ MaxResults: 101 })),
    ).rejects.toBeInstanceOf(ValidationException);
    sim.faults.add({
      target: 'scheduler:GetSchedule',
      kind: 'error',
      errorName: 'AccessDeniedException',
      status: 403,
    });
    await expect(scheduler.send(new GetScheduleCommand({ Name: 'sdk' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
  });
});

describe('simulator Step Functions (JSON 1.0)', () => {
  it('lists state machines in pages and versions newest first', async () => {
    const first = await sfn.send(new ListStateMachinesCommand({ maxResults: 1 }));
    const second = await sfn.send(
      new ListStateMachinesCommand({ maxResults: 1, nextToken: first.nextToken }),
    );
    const versions = await sfn.send(
      new ListStateMachineVersionsCommand({ stateMachineArn: machineArn }),
    );

    expect(
      [...(first.stateMachines ?? []), ...(second.stateMachines ?? [])].map((m) => m.name),
    ).toEqual(['nightly', 'weekly']);
    expect(second.nextToken).toBeUndefined();
    expect(versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([
      `${machineArn}:2`,
      `${machineArn}:1`,
    ]);
  });

  it('describes a state machine or one of its versions', async () => {
    const latest = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));
    const version = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: `${machineArn}:1` }),
    );

    expect(JSON.parse(latest.definition ?? '')).toMatchObject({ StartAt: 'A' });
    expect(version.definition).toBe('{"v":1}');
    await expect(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${machineArn}:9` })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });
});

describe('simulator EventBridge buses', () => {
  it('lists every bus and reads rules per bus, the default bus when none is named', async () => {
    const buses = await events.send(new ListEventBusesCommand({}));
    const onOrders = await events.send(
      new ListRuleNamesByTargetCommand({ TargetArn: cluster, EventBusName: 'orders' }),
    );
    const onDefault = await events.send(new ListRuleNamesByTargetCommand({ TargetArn: cluster }));
    const targets = await events.send(
      new ListTargetsByRuleCommand({ Rule: 'on-order', EventBusName: 'orders' }),
    );

    expect(buses.EventBuses?.map((b) => b.Name)).toEqual(['default', 'orders']);
    expect(onOrders.RuleNames).toEqual(['on-order']);
    expect(onDefault.RuleNames).toEqual([]);
    expect(targets.Targets?.[0]?.EcsParameters?.TaskDefinitionArn).toContain(
      'task-definition/fulfil:4',
    );
    await expect(
      events.send(
        new ListRuleNamesByTargetCommand({ TargetArn: cluster, EventBusName: 'missing' }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
