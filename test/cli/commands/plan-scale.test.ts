import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../../simulator/index.ts';
import { writePolicyFile } from '../../support/policy-file.ts';
import { runCliProcess, writeActions } from '../cli-process.ts';

let sim: Simulator;
let policy: string;

const cpu = (service: string, value: number) => ({
  namespace: 'AWS/ECS',
  name: 'CPUUtilization',
  dimensions: { ClusterName: 'prod', ServiceName: service },
  constant: { value, since: '10m' },
});

/** Three services of 2 tasks: web at twice its CPU target, api on target, batch auto-scaled. */
beforeAll(async () => {
  sim = await startSimulator({
    scenario: {
      clusters: ['prod'],
      taskDefinitions: [{ family: 'app' }],
      services: ['web', 'api', 'batch'].map((name) => ({
        cluster: 'prod',
        name,
        taskDefinition: 'app',
        desiredCount: 2,
        ...(name === 'batch' ? { autoscaling: { min: 1, max: 4 } } : {}),
      })),
      metrics: [cpu('web', 100), cpu('api', 50), cpu('batch', 100)],
    },
  });
  sim.ecs.startTasks();
  policy = writePolicyFile({
    scale: {
      services: [
        {
          match: { cluster: 'prod', service: '*' },
          max: 10,
          metrics: [{ kind: 'cpu', targetPercent: 50 }],
        },
      ],
    },
  });
});

afterAll(() => sim.close());

describe('plan scale', () => {
  it('shows each selected service with its desired count and reason, and updates nothing', async () => {
    // Prepare
    sim.calls.clear();

    // Act
    const result = await runCliProcess(['plan', 'scale', '--policy', policy], {
      endpoint: sim.endpoint,
    });

    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Scale plan: 3 service(s) selected: 1 out, 0 in, 2 unchanged');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SERVICE\s+CURRENT\s+DESIRED\s+REASON\s+METRICS/),
        expect.stringMatching(/^prod\/api\s+2\s+2\s+within-tolerance\s+cpu 50 \/ 50 → 2$/),
        expect.stringMatching(/^prod\/batch\s+2\s+2\s+managed-elsewhere\s*/),
        expect.stringMatching(/^prod\/web\s+2\s+4\s+scale-out\s+cpu 100 \/ 50 → 4$/),
      ]),
    );
    expect(writeActions(sim.calls.all)).toEqual([]);
    expect(sim.calls.count({ action: 'GetMetricData' })).toBe(1);
  });

  it('prints the decisions as JSON, with the guard verdict and each metric', async () => {
    // Prepare
    sim.calls.clear();

    // Act
    const result = await runCliProcess(
      ['plan', 'scale', '--policy', policy, '--json', '--service', 'prod/web'],
      { endpoint: sim.endpoint },
    );

    // Assess
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({
      command: 'plan scale',
      dryRun: false,
      changes: 1,
      heldBack: 0,
      services: [
        {
          serviceArn: expect.stringMatching(/:service\/prod\/web$/),
          currentCount: 2,
          desiredCount: 4,
          reason: 'scale-out',
          metrics: [{ name: 'cpu', value: 100, target: 50, proposal: 4 }],
        },
      ],
    });
    expect(writeActions(sim.calls.all)).toEqual([]);
  });

  it('says so when the policy has no scaling rule, without reading any service', async () => {
    // Prepare
    sim.calls.clear();

    // Act
    const result = await runCliProcess(['plan', 'scale', '--policy', writePolicyFile({})], {
      endpoint: sim.endpoint,
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('scale.services has no rule: the scaler looks at no service.');
    expect(sim.calls.all).toEqual([]);
  });
});
