import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  ECSServiceException,
  ListClustersCommand,
  ListServicesCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  ServerException,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type Simulator, startSimulator } from '../../simulator/index.ts';
import { createClients } from './clients.ts';

const register = new RegisterTaskDefinitionCommand({
  family: 'web',
  containerDefinitions: [{ name: 'app', image: 'nginx' }],
});

async function outcomes(send: () => Promise<unknown>, times: number): Promise<string[]> {
  const results: string[] = [];
  for (let n = 0; n < times; n += 1) {
    results.push(
      await send().then(
        () => 'ok',
        (error: Error) => error.name,
      ),
    );
  }
  return results;
}

describe('simulator throttling and faults', () => {
  let sim: Simulator;

  afterEach(async () => {
    await sim.close();
  });

  it('throttles register and deregister from one bucket of 20 refilled at 1 per second', async () => {
    // Prepare
    const clock = createManualClock();
    sim = await startSimulator({ clock: clock.now, throttling: { enabled: true } });
    const { ecs } = createClients(sim.endpoint);

    // Act
    const burst = await outcomes(() => ecs.send(register), 20);
    const throttled = ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }));
    // ECS has no modelled ThrottlingException: the SDK raises its base class with that name.
    await expect(throttled).rejects.toBeInstanceOf(ECSServiceException);
    await expect(throttled).rejects.toMatchObject({ name: 'ThrottlingException' });
    clock.advance(2_000);
    const refilled = await outcomes(() => ecs.send(register), 3);

    // Assess
    expect(burst.every((outcome) => outcome === 'ok')).toBe(true);
    expect(refilled).toEqual(['ok', 'ok', 'ThrottlingException']);
    expect(sim.calls.throttled()).toBe(2);
    expect(sim.calls.byAction()).toEqual({
      RegisterTaskDefinition: 23,
      DeregisterTaskDefinition: 1,
    });
  });

  it('refills faster with a time factor', async () => {
    // Prepare
    const clock = createManualClock();
    sim = await startSimulator({ clock: clock.now, throttling: { enabled: true, timeFactor: 10 } });
    const { ecs } = createClients(sim.endpoint);
    await outcomes(() => ecs.send(register), 20);

    // Act
    clock.advance(1_000);
    const refilled = await outcomes(() => ecs.send(register), 11);

    // Assess
    expect(refilled.filter((outcome) => outcome === 'ok')).toHaveLength(10);
  });

  it('injects server errors for a number of calls', async () => {
    // Prepare
    sim = await startSimulator({
      faults: [{ target: 'ecs:ListClusters', kind: 'error', count: 1 }],
    });
    const { ecs } = createClients(sim.endpoint);

    // Act
    const first = ecs.send(new ListClustersCommand({}));
    await expect(first).rejects.toBeInstanceOf(ServerException);
    const second = await ecs.send(new ListClustersCommand({}));

    // Assess
    expect(second.clusterArns).toEqual([]);
    expect(sim.calls.count({ action: 'ListClusters', error: 'ServerException' })).toBe(1);
  });

  it('injects throttling with a seeded probability, reproducibly', async () => {
    // Prepare
    const run = async () => {
      sim = await startSimulator({
        seed: 7,
        faults: [{ target: 'ecs:*', kind: 'throttle', probability: 0.5 }],
      });
      const { ecs } = createClients(sim.endpoint);
      const result = await outcomes(() => ecs.send(new ListClustersCommand({})), 20);
      await sim.close();
      return result;
    };

    // Act
    const first = await run();
    const second = await run();
    sim = await startSimulator();

    // Assess
    expect(first).toEqual(second);
    expect(first).toContain('ThrottlingException');
    expect(first).toContain('ok');
  });

  it('injects an error for one cluster only, by name or ARN', async () => {
    // Prepare
    sim = await startSimulator({
      scenario: { clusters: ['open', 'locked'] },
      faults: [
        {
          target: 'ecs:*',
          kind: 'error',
          errorName: 'AccessDeniedException',
          status: 400,
          cluster: 'locked',
        },
      ],
    });
    const { ecs } = createClients(sim.endpoint);
    const lockedArn = 'arn:aws:ecs:us-east-1:123456789012:cluster/locked';

    // Act
    const open = await outcomes(() => ecs.send(new ListServicesCommand({ cluster: 'open' })), 1);
    const byName = await outcomes(
      () => ecs.send(new ListServicesCommand({ cluster: 'locked' })),
      1,
    );
    const byArn = await outcomes(
      () => ecs.send(new ListServicesCommand({ cluster: lockedArn })),
      1,
    );

    // Assess
    expect([...open, ...byName, ...byArn]).toEqual([
      'ok',
      'AccessDeniedException',
      'AccessDeniedException',
    ]);
  });

  it('lets the first calls through before failing (a page in the middle of a listing)', async () => {
    // Prepare
    sim = await startSimulator({
      faults: [{ target: 'ecs:ListClusters', kind: 'error', after: 2, count: 1 }],
    });
    const { ecs } = createClients(sim.endpoint);

    // Act
    const results = await outcomes(() => ecs.send(new ListClustersCommand({})), 4);

    // Assess
    expect(results).toEqual(['ok', 'ok', 'ServerException', 'ok']);
  });

  it('reports every item of a call in failures[] without handling it', async () => {
    // Prepare
    sim = await startSimulator({
      scenario: {
        clusters: ['prod'],
        taskDefinitions: [
          { family: 'web', revisions: 2, overrides: [{ revisions: [1], status: 'INACTIVE' }] },
        ],
        services: [{ cluster: 'prod', name: 'web', taskDefinition: 'web:2' }],
      },
      faults: [
        { target: 'ecs:DescribeServices', kind: 'failures', reason: 'INTERNAL_ERROR', count: 1 },
        { target: 'ecs:DeleteTaskDefinitions', kind: 'failures', count: 1 },
      ],
    });
    const { ecs } = createClients(sim.endpoint);

    // Act
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }),
    );
    const deleted = await ecs.send(
      new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:1'] }),
    );
    const again = await ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }),
    );

    // Assess
    expect(described.services).toEqual([]);
    expect(described.failures).toEqual([{ arn: 'web', reason: 'INTERNAL_ERROR' }]);
    expect(deleted.failures).toEqual([{ arn: 'web:1', reason: 'INTERNAL_ERROR' }]);
    expect([...sim.account.taskDefinitions.values()][0]?.status).toBe('INACTIVE');
    expect(again.services).toHaveLength(1);
  });

  it('answers an error after the call took effect (a lost response)', async () => {
    // Prepare
    sim = await startSimulator({
      scenario: { clusters: ['batch'], taskDefinitions: [{ family: 'job' }] },
      faults: [{ target: 'ecs:RunTask', kind: 'error', afterEffect: true, count: 1 }],
    });
    const { ecs } = createClients(sim.endpoint);
    const run = new RunTaskCommand({ cluster: 'batch', taskDefinition: 'job', clientToken: 't-1' });

    // Act
    const first = await outcomes(() => ecs.send(run), 1);
    const retried = await ecs.send(run);

    // Assess: the retry with the same token finds the task the lost answer started.
    expect(first).toEqual(['ServerException']);
    expect(sim.account.tasks.size).toBe(1);
    expect(retried.tasks?.[0]?.taskArn).toBe([...sim.account.tasks.keys()][0]);
  });
});
