import { DescribeTasksCommand, ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs';
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
    expect(sim.account.services.size).toBe(3);
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

  it('seeds a task under the id a recorded event names, and refuses an id on several tasks', async () => {
    // Prepare
    const id = '3f1c2a7b9d8e4f60a1b2c3d4e5f60718';
    const task = { cluster: 'batch', taskDefinition: 'report-job:1', id };
    const scenario = {
      clusters: ['batch'],
      taskDefinitions: [{ family: 'report-job' }],
      tasks: [{ ...task, lastStatus: 'STOPPED' as const, exitCodes: 1 }],
    };

    // Act
    sim = await startSimulator({ scenario, accountId: '111122223333' });
    const ecs = new ECSClient({
      endpoint: sim.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const arn = `arn:aws:ecs:us-east-1:111122223333:task/batch/${id}`;
    const described = await ecs.send(new DescribeTasksCommand({ cluster: 'batch', tasks: [arn] }));

    // Assess
    expect(described.tasks?.[0]).toMatchObject({ taskArn: arn, lastStatus: 'STOPPED' });
    expect(described.tasks?.[0]?.containers?.[0]?.exitCode).toBe(1);
    expect(() => parseScenario({ ...scenario, tasks: [{ ...task, count: 2 }] })).toThrow(
      /a task with an id has count 1[\s\S]*tasks\[0\]\.id/,
    );
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
