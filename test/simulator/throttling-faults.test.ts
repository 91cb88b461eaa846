import {
  DeregisterTaskDefinitionCommand,
  ECSServiceException,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
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
});
