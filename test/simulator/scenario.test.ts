import { ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { generateAccount } from '../../simulator/generate.ts';
import {
  createManualClock,
  loadScenario,
  parseScenario,
  type Simulator,
  startSimulator,
} from '../../simulator/index.ts';

const demo = new URL('../../simulator/scenarios/demo.yml', import.meta.url).pathname;

describe('simulator scenarios', () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('loads the demo scenario file', async () => {
    // Act
    sim = await startSimulator({ scenario: demo, clock: createManualClock().now });

    // Assess
    const web = [...sim.account.taskDefinitions.values()].filter((td) => td.family === 'web');
    expect(web).toHaveLength(48);
    expect(web.filter((td) => td.status === 'INACTIVE')).toHaveLength(20);
    expect(sim.account.services.size).toBe(2);
    expect(sim.account.queues.has('ecs-autopilot-restarts')).toBe(true);
  });

  it('names every invalid field of a bad scenario', async () => {
    // Act
    const parse = () =>
      parseScenario({
        services: [{ cluster: 'prod' }],
        queues: [{ name: 'q', delaySeconds: 901 }],
      });

    // Assess
    expect(parse).toThrow(/services\[0\]\.name[\s\S]*queues\[0\]\.delaySeconds/);
    await expect(loadScenario('/nonexistent.yml')).rejects.toThrow();
  });

  it('generates the large benchmark account', async () => {
    // Act
    sim = await startSimulator({
      scenario: generateAccount({
        families: 200,
        revisionsPerFamily: 60,
        services: 200,
        tasks: 2000,
        standaloneTasks: 10,
      }),
    });

    // Assess
    expect(sim.account.taskDefinitions.size).toBe(12_000);
    expect(sim.account.services.size).toBe(200);
    expect(sim.account.tasks.size).toBe(2010);
  });

  it('is reached by SDK clients configured only through AWS_ENDPOINT_URL', async () => {
    // Prepare
    sim = await startSimulator({ scenario: { services: [], clusters: ['default'] } });
    const previous = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = sim.endpoint;

    // Act
    try {
      const ecs = new ECSClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      });
      await ecs.send(new ListServicesCommand({}));
    } finally {
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = previous;
    }

    // Assess
    expect(sim.calls.count({ service: 'ecs', action: 'ListServices' })).toBe(1);
  });
});
