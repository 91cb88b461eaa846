import {
  DescribeServicesCommand,
  GetTaskProtectionCommand,
  InvalidParameterException,
  ListServicesCommand,
  ListTasksCommand,
  ServiceNotFoundException,
  UpdateServiceCommand,
  UpdateTaskProtectionCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type Simulator, startSimulator } from '../../simulator/index.ts';
import { createClients } from './clients.ts';

describe('simulator services', () => {
  let sim: Simulator;
  let ecs: ReturnType<typeof createClients>['ecs'];

  beforeEach(async () => {
    sim = await startSimulator({
      clock: createManualClock().now,
      scenario: {
        taskDefinitions: [{ family: 'web', revisions: 3 }],
        services: [
          {
            cluster: 'prod',
            name: 'web',
            taskDefinition: 'web:3',
            desiredCount: 2,
            tags: { team: 'web' },
          },
          {
            cluster: 'prod',
            name: 'rolling',
            taskDefinition: 'web:3',
            desiredCount: 1,
            olderDeployments: [{ taskDefinition: 'web:2', runningCount: 1 }],
          },
          {
            cluster: 'prod',
            name: 'blue-green',
            taskDefinition: 'web:1',
            deploymentController: 'CODE_DEPLOY',
            taskSets: [{ taskDefinition: 'web:2', runningCount: 1 }],
          },
        ],
      },
    });
    ecs = createClients(sim.endpoint).ecs;
  });

  afterEach(async () => {
    await sim.close();
  });

  const describeOne = async (name: string) => {
    const result = await ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: [name], include: ['TAGS'] }),
    );
    return result.services?.[0];
  };

  it('describes deployments, task sets, counts and tags', async () => {
    // Act
    const web = await describeOne('web');
    const rolling = await describeOne('rolling');
    const blueGreen = await describeOne('blue-green');

    // Assess
    expect(web).toMatchObject({
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      tags: [{ key: 'team', value: 'web' }],
    });
    expect(
      rolling?.deployments?.map((d) => [d.status, d.taskDefinition?.split('/')[1], d.runningCount]),
    ).toEqual([
      ['PRIMARY', 'web:3', 1],
      ['ACTIVE', 'web:2', 1],
    ]);
    expect(blueGreen?.taskSets?.map((set) => set.taskDefinition?.split('/')[1])).toEqual([
      'web:1',
      'web:2',
    ]);
  });

  it('rejects more than 10 services per describe call and reports missing ones', async () => {
    // Act
    const tooMany = ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: Array(11).fill('web') }),
    );
    await expect(tooMany).rejects.toBeInstanceOf(InvalidParameterException);
    const missing = await ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web', 'gone'] }),
    );

    // Assess
    expect(missing.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/gone', reason: 'MISSING' },
    ]);
  });

  it('pages service ARNs', async () => {
    // Act
    const first = await ecs.send(new ListServicesCommand({ cluster: 'prod', maxResults: 2 }));
    const second = await ecs.send(
      new ListServicesCommand({ cluster: 'prod', maxResults: 2, nextToken: first.nextToken }),
    );

    // Assess
    expect([...(first.serviceArns ?? []), ...(second.serviceArns ?? [])]).toHaveLength(3);
    expect(second.nextToken).toBeUndefined();
  });

  it('rolls out a new task definition and completes the deployment as the scenario advances', async () => {
    // Act
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:2' }),
    );
    const during = await describeOne('web');
    for (let step = 0; step < 4; step += 1) sim.reconcile();
    const after = await describeOne('web');

    // Assess
    expect(during?.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED'],
    ]);
    expect(after?.deployments?.map((d) => [d.status, d.rolloutState, d.runningCount])).toEqual([
      ['PRIMARY', 'COMPLETED', 2],
    ]);
    expect(after?.taskDefinition).toContain('web:2');
  });

  it('scales to the desired count but keeps protected tasks on scale-in', async () => {
    // Prepare
    const listed = await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }));
    const [kept = ''] = listed.taskArns ?? [];
    await ecs.send(
      new UpdateTaskProtectionCommand({
        cluster: 'prod',
        tasks: [kept],
        protectionEnabled: true,
        expiresInMinutes: 60,
      }),
    );

    // Act
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 0 }));
    sim.reconcile();
    const protection = await ecs.send(
      new GetTaskProtectionCommand({ cluster: 'prod', tasks: [kept] }),
    );
    const remaining = await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }));

    // Assess
    expect(protection.protectedTasks?.[0]?.protectionEnabled).toBe(true);
    expect(remaining.taskArns).toEqual([kept]);
  });

  it('records each change of desiredCount with its time, and none for an unchanged count', async () => {
    // Prepare
    const service = [...sim.account.services.values()].find((s) => s.name === 'web');
    const from = service?.desiredCount ?? -1;
    // Act
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 7 }));
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 7 }));
    // Assess
    expect(service?.desiredCountChanges).toEqual([{ at: sim.now(), from, to: 7 }]);
  });

  it('maps an unknown service to ServiceNotFoundException', async () => {
    // Act
    const call = ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'nope', desiredCount: 1 }),
    );

    // Assess
    await expect(call).rejects.toBeInstanceOf(ServiceNotFoundException);
  });
});
