import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Simulator } from '../../simulator/index.ts';
import { createClients } from '../simulator/clients.ts';
import {
  cpuRule,
  defineCpu,
  invokeTick,
  minute,
  openScaleScenario,
  type ScaleReport,
  serviceTasks,
  tick,
} from './scale-scenario-harness.ts';

let sim: Simulator;
let handler: Parameters<typeof tick>[1];
const immediateScaleIn = { behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } };
const sized = [
  { family: 'web', cpu: '256', memory: '512', containers: [{ name: 'app', image: 'example/web' }] },
];
const webDimensions = { ClusterName: 'prod', ServiceName: 'web' };
const line = (report: ScaleReport, service: string) =>
  report.services.find((s) => s.service === service);

afterEach(async () => {
  await sim?.close();
  vi.useRealTimers();
});

describe('scale-services on the simulator: Kubernetes’ task rules', () => {
  it.each([
    { silent: 2, expected: 4, reason: 'tasks-rebalanced' },
    { silent: 0, expected: 1, reason: 'scale-in' },
  ])('with $silent of 4 tasks reporting nothing, sets $expected tasks ($reason)', async ({
    silent,
    expected,
    reason,
  }) => {
    // Prepare: per-task CPU from Container Insights; the reporting tasks idle at 10 % of 256.
    ({ sim, handler } = await openScaleScenario({
      services: [{ name: 'web', desiredCount: 4 }],
      rule: cpuRule('web', {
        metrics: [{ kind: 'cpu', targetPercent: 50, perTask: true }],
        ...immediateScaleIn,
      }),
      taskDefinitions: sized,
    }));
    const quiet = new Set(
      serviceTasks(sim, 'web')
        .slice(0, silent)
        .map((task) => task.id),
    );
    sim.cloudwatch.defineMetricFamily(
      { namespace: 'ECS/ContainerInsights', metricName: 'CpuUtilized' },
      (dimensions) => (quiet.has(dimensions.TaskId ?? '') ? undefined : 25.6),
    );
    // AWS/ECS averages the tasks that reported: 10 %, whatever the others did.
    sim.cloudwatch.defineMetric(
      { namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: webDimensions },
      () => 10,
    );
    // Act: three ticks a minute apart.
    const reports = [await tick(sim, handler), await tick(sim, handler), await tick(sim, handler)];
    // Assess: with two silent tasks filled in at 100 % the service is at 55 %: no scale-in, ever.
    expect(line(reports[0] as ScaleReport, 'web')).toMatchObject({
      reason,
      desiredCount: expected,
    });
    if (silent > 0) expect(reports.every((r) => line(r, 'web')?.reason === reason)).toBe(true);
    expect(serviceTasks(sim, 'web')).toHaveLength(expected);
  });

  it('counts the new deployment’s tasks only while the old deployment’s tasks drain', async () => {
    // Prepare: a rollout at 200 %: the new deployment's 4 tasks run warm, the old deployment's 4
    // are still RUNNING while they drain (deregistered from the load balancer, serving nothing).
    // Demand for 6 tasks (300 task-percent at 50 %) falls on the 4 new tasks: 75 % each.
    ({ sim, handler } = await openScaleScenario({
      services: [
        {
          name: 'web',
          desiredCount: 4,
          olderDeployments: [{ taskDefinition: 'web', runningCount: 4 }],
        },
      ],
      rule: cpuRule('web'),
    }));
    sim.cloudwatch.defineMetric(
      { namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: webDimensions },
      () => 75,
    );
    // Act
    const report = await invokeTick(handler);
    // Assess: 4 new tasks × 1.5 = 6; all 8 RUNNING × 1.5 would have asked for 12 (max 10).
    expect(line(report, 'web')).toMatchObject({
      currentCount: 4,
      desiredCount: 6,
      reason: 'scale-out',
    });
    expect(serviceTasks(sim, 'web')).toHaveLength(8);
  });

  it('does not overshoot while a rolling deployment’s new tasks start beside the old ones', async () => {
    // Prepare: 4 tasks; demand for 6 (300 task-percent at 50 %), spread over the tasks that
    // have run a full minute (a task serves and reports once it has); a deploy starts at once.
    ({ sim, handler } = await openScaleScenario({
      services: [{ name: 'web', desiredCount: 4 }],
      rule: cpuRule('web'),
    }));
    const serving = (at: number) =>
      serviceTasks(sim, 'web').filter((t) => (t.startedAt ?? at) <= at - minute).length;
    sim.cloudwatch.defineMetric(
      { namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: webDimensions },
      (at) => (serving(at) > 0 ? 300 / serving(at) : undefined),
    );
    // A deploy: the 4 new tasks start beside the 4 old ones (200 %).
    const { ecs } = createClients(sim.endpoint);
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true }),
    );
    sim.reconcile();
    sim.ecs.startTasks();
    // Act: a tick that sees 8 RUNNING tasks, then ticks while the rollout completes.
    const during = await invokeTick(handler);
    const running = during.services[0];
    sim.reconcile();
    vi.advanceTimersByTime(minute);
    const after = [];
    for (let i = 0; i < 4; i += 1) after.push(await tick(sim, handler));
    // Assess: never above the 6 the load needs (8 RUNNING × 1.5 would have asked for 12).
    expect(running).toMatchObject({ currentCount: 4 });
    expect(running?.desiredCount).toBeLessThanOrEqual(6);
    const counts = after.map((r) => line(r, 'web')?.desiredCount ?? 0);
    expect(Math.max(...counts)).toBe(6);
    expect(serviceTasks(sim, 'web')).toHaveLength(6);
  });

  it('scales in again after a rollout failed (a single FAILED deployment is not in progress)', async () => {
    // Prepare: web's only deployment FAILED; rolling still has its old deployment running.
    ({ sim, handler } = await openScaleScenario({
      services: [
        { name: 'web', desiredCount: 4, rolloutState: 'FAILED' },
        {
          name: 'rolling',
          desiredCount: 4,
          olderDeployments: [{ taskDefinition: 'web', runningCount: 4 }],
        },
      ],
      rule: cpuRule('*', immediateScaleIn),
    }));
    for (const name of ['web', 'rolling']) defineCpu(sim, name, () => 40);
    // Act
    const report = await invokeTick(handler);
    // Assess: 10 % of a 50 % target asks for 1 task.
    expect(line(report, 'web')).toMatchObject({
      desiredCount: 1,
      reason: 'scale-in',
      status: 'updated',
    });
    expect(line(report, 'rolling')).toMatchObject({
      desiredCount: 4,
      reason: 'deployment-in-progress',
    });
    expect(sim.calls.count({ action: 'UpdateService' })).toBe(1);
  });

  it('scales out all 60 services that need it in one tick, the cap of 50 holding back scale-ins only', async () => {
    // Prepare: 60 services at twice their target, 55 idle ones.
    const hot = Array.from({ length: 60 }, (_, i) => ({ name: `hot-${i}`, desiredCount: 2 }));
    const idle = Array.from({ length: 55 }, (_, i) => ({ name: `idle-${i}`, desiredCount: 2 }));
    ({ sim, handler } = await openScaleScenario({
      services: [...hot, ...idle],
      rule: cpuRule('*', immediateScaleIn),
      maxServicesChangedPerRun: 50,
    }));
    for (const { name } of hot) defineCpu(sim, name, () => 200);
    for (const { name } of idle) defineCpu(sim, name, () => 20);
    // Act
    const report = await invokeTick(handler);
    // Assess
    const outs = report.services.filter((s) => s.service.startsWith('hot-'));
    expect(outs.every((s) => s.status === 'updated' && s.desiredCount === 4)).toBe(true);
    expect(report.totals).toMatchObject({ scaledOut: 60, scaledIn: 50, heldBack: 5 });
    expect(sim.calls.count({ action: 'UpdateService' })).toBe(110);
  });
});
