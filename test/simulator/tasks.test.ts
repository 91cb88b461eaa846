import {
  ClusterNotFoundException,
  DescribeTasksCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createManualClock,
  type ManualClock,
  type Simulator,
  startSimulator,
} from '../../simulator/index.ts';
import { createClients } from './clients.ts';

const network = {
  awsvpcConfiguration: {
    subnets: ['subnet-a'],
    securityGroups: ['sg-1'],
    assignPublicIp: 'DISABLED' as const,
  },
};

describe('simulator tasks', () => {
  let sim: Simulator;
  let clock: ManualClock;
  let ecs: ReturnType<typeof createClients>['ecs'];

  beforeEach(async () => {
    clock = createManualClock();
    sim = await startSimulator({
      clock: clock.now,
      scenario: {
        clusters: ['batch'],
        taskDefinitions: [
          {
            family: 'report',
            revisions: 2,
            networkMode: 'awsvpc',
            cpu: '256',
            memory: '512',
            containers: [
              { name: 'main', image: 'report:2' },
              { name: 'sidecar', image: 'envoy', essential: false },
            ],
            tags: { owner: 'data' },
          },
        ],
      },
    });
    ecs = createClients(sim.endpoint).ecs;
  });

  afterEach(async () => {
    await sim.close();
  });

  const run = (clientToken?: string) =>
    ecs.send(
      new RunTaskCommand({
        cluster: 'batch',
        taskDefinition: 'report',
        launchType: 'FARGATE',
        networkConfiguration: network,
        startedBy: 'ecs-autopilot',
        propagateTags: 'TASK_DEFINITION',
        tags: [{ key: 'ecs-autopilot:attempt', value: '1' }],
        clientToken,
      }),
    );

  it('starts one task per call and none for a repeated clientToken', async () => {
    // Act
    const first = await run('token-1');
    const repeat = await run('token-1');
    await run('token-2');

    // Assess
    expect(repeat.tasks?.[0]?.taskArn).toBe(first.tasks?.[0]?.taskArn);
    expect(sim.account.tasks.size).toBe(2);
    expect(first.tasks?.[0]?.taskArn).toMatch(
      /^arn:aws:ecs:us-east-1:123456789012:task\/batch\/[0-9a-f]{32}$/,
    );
  });

  it('requires a network configuration for awsvpc task definitions', async () => {
    // Act
    const call = ecs.send(new RunTaskCommand({ cluster: 'batch', taskDefinition: 'report:2' }));

    // Assess
    await expect(call).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('maps an unknown cluster to ClusterNotFoundException', async () => {
    // Act
    const call = ecs.send(new ListTasksCommand({ cluster: 'nope' }));

    // Assess
    await expect(call).rejects.toBeInstanceOf(ClusterNotFoundException);
  });

  it('walks the lifecycle and emits task state change events shaped as EventBridge delivers them', async () => {
    // Prepare
    const taskArn = (await run()).tasks?.[0]?.taskArn ?? '';
    sim.ecs.startTasks();
    clock.advance(60_000);

    // Act
    sim.ecs.failTask(taskArn, { stopCode: 'EssentialContainerExited', exitCodes: { main: 137 } });
    const events = sim.events.drain();

    // Assess
    expect(events.map((event) => event.detail.lastStatus)).toEqual([
      'PROVISIONING',
      'PENDING',
      'RUNNING',
      'STOPPED',
    ]);
    const stopped = events.at(-1);
    expect(stopped).toMatchObject({
      version: '0',
      'detail-type': 'ECS Task State Change',
      source: 'aws.ecs',
      account: '123456789012',
      region: 'us-east-1',
      time: '2026-01-01T00:01:00Z',
      resources: [taskArn],
      detail: {
        clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/batch',
        taskArn,
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/report:2',
        group: 'family:report',
        launchType: 'FARGATE',
        cpu: '256',
        memory: '512',
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        startedBy: 'ecs-autopilot',
        platformVersion: '1.4.0',
        version: 4,
        stoppedAt: '2026-01-01T00:01:00.000Z',
        updatedAt: '2026-01-01T00:01:00.000Z',
      },
    });
    expect(stopped?.id).toMatch(/^[0-9a-f-]{36}$/);
    // ECS stops the other containers once an essential one exits: the sidecar got SIGTERM.
    expect(stopped?.detail.containers).toEqual([
      expect.objectContaining({ name: 'main', exitCode: 137, lastStatus: 'STOPPED' }),
      expect.objectContaining({ name: 'sidecar', exitCode: 143, lastStatus: 'STOPPED' }),
    ]);
    expect(stopped?.detail.attachments).toEqual([
      expect.objectContaining({
        type: 'eni',
        details: expect.arrayContaining([{ name: 'subnetId', value: 'subnet-a' }]),
      }),
    ]);
  });

  it.each([
    ['SIGTERM (143) by default', { main: 0 }, 143],
    [
      'SIGKILL (137) when the scenario says it outlived stopTimeout',
      { main: 0, sidecar: 137 },
      137,
    ],
  ])('stops the other containers after an essential exit: %s', async (_name, exitCodes, sidecar) => {
    // Prepare
    const taskArn = (await run()).tasks?.[0]?.taskArn ?? '';
    sim.ecs.startTasks();
    // Act
    sim.ecs.failTask(taskArn, { stopCode: 'EssentialContainerExited', exitCodes });
    const described = await ecs.send(
      new DescribeTasksCommand({ cluster: 'batch', tasks: [taskArn] }),
    );
    // Assess
    expect(described.tasks?.[0]?.containers?.map((c) => [c.name, c.exitCode])).toEqual([
      ['main', 0],
      ['sidecar', sidecar],
    ]);
  });

  it('describes tasks with tags, reports missing ones, and forgets stopped ones after an hour', async () => {
    // Prepare
    const taskArn = (await run()).tasks?.[0]?.taskArn ?? '';
    await ecs.send(new StopTaskCommand({ cluster: 'batch', task: taskArn, reason: 'done' }));
    sim.reconcile();

    // Act
    const described = await ecs.send(
      new DescribeTasksCommand({
        cluster: 'batch',
        tasks: [taskArn, 'f'.repeat(32)],
        include: ['TAGS'],
      }),
    );
    clock.advance(3_700_000);
    const later = await ecs.send(new DescribeTasksCommand({ cluster: 'batch', tasks: [taskArn] }));

    // Assess
    expect(described.tasks?.[0]).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'done',
      tags: expect.arrayContaining([
        { key: 'owner', value: 'data' },
        { key: 'ecs-autopilot:attempt', value: '1' },
      ]),
    });
    expect(described.failures).toEqual([expect.objectContaining({ reason: 'MISSING' })]);
    expect(later.failures).toHaveLength(1);
  });

  it('lists tasks by desired status in pages', async () => {
    // Prepare
    for (let index = 0; index < 3; index += 1) await run();

    // Act
    const first = await ecs.send(
      new ListTasksCommand({ cluster: 'batch', family: 'report', maxResults: 2 }),
    );
    const second = await ecs.send(
      new ListTasksCommand({
        cluster: 'batch',
        family: 'report',
        maxResults: 2,
        nextToken: first.nextToken,
      }),
    );
    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: 'batch', desiredStatus: 'STOPPED' }),
    );

    // Assess
    expect(first.taskArns).toHaveLength(2);
    expect(second.taskArns).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    expect(stopped.taskArns).toEqual([]);
  });

  it('tags resources', async () => {
    // Prepare
    const taskArn = (await run()).tasks?.[0]?.taskArn ?? '';

    // Act
    await ecs.send(
      new TagResourceCommand({ resourceArn: taskArn, tags: [{ key: 'k', value: 'v' }] }),
    );
    const listed = await ecs.send(new ListTagsForResourceCommand({ resourceArn: taskArn }));

    // Assess
    expect(listed.tags).toContainEqual({ key: 'k', value: 'v' });
  });

  it('reports injected RunTask capacity failures in failures[]', async () => {
    // Prepare
    sim.ecs.failNextRunTasks('RESOURCE:MEMORY');

    // Act
    const result = await run();

    // Assess
    expect(result.tasks).toEqual([]);
    expect(result.failures?.[0]?.reason).toBe('RESOURCE:MEMORY');
  });
});
