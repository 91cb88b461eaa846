import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { loadFixture } from '../support/fixtures.ts';
import { createLambdaContext } from '../support/lambda-context.ts';
import { writePolicyFile } from '../support/policy-file.ts';

type Report = {
  services: { service: string; desiredCount: number; reason: string; status: string }[];
  metricCalls: number;
  totals: { selected: number; scaledOut: number; scaledIn: number };
};
type Handler = (event: unknown, context: unknown) => Promise<Report>;

const BUNDLE = join(import.meta.dirname, '../../dist/scale-services/index.mjs');
const start = Date.UTC(2026, 0, 1, 0, 0, 30);
const minute = 60_000;
const cpuRule = (service: string, extra: Record<string, unknown> = {}) => ({
  match: { cluster: 'prod', service },
  min: 1,
  max: 10,
  metrics: [{ kind: 'cpu', targetPercent: 50 }],
  ...extra,
});

let sim: Simulator;
let handler: Handler;
let containers = 0;

async function setUp(services: { name: string; desiredCount: number }[], rule: object) {
  vi.useFakeTimers({ toFake: ['Date'], now: start });
  sim = await startSimulator({
    clock: () => Date.now(),
    scenario: {
      clusters: ['prod'],
      taskDefinitions: [{ family: 'web', containers: [{ name: 'app', image: 'example/web' }] }],
      services: services.map((s) => ({ cluster: 'prod', taskDefinition: 'web', ...s })),
    },
  });
  sim.ecs.startTasks();
  const policyFile = writePolicyFile({
    scale: { services: [rule], maxServicesChangedPerRun: 1000 },
  });
  Object.assign(process.env, {
    ...simulatorEnvironment(sim.endpoint),
    POLICY_FILE: policyFile,
    DRY_RUN: 'false',
    AUDIT_EVENT_BUS_NAME: 'default',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  containers += 1;
  const module = await import(`${pathToFileURL(BUNDLE).href}?container=${containers}`);
  handler = module.handler as Handler;
}

/** Live (desired RUNNING) tasks of a service in the simulated account. */
function liveTasks(service: string): number {
  return [...sim.account.tasks.values()].filter(
    (task) => task.serviceArn?.endsWith(`/${service}`) && task.desiredStatus === 'RUNNING',
  ).length;
}

/** CPU of a service: the demand (task-percent) at that minute spread over its live tasks. */
function defineCpu(service: string, demand: (at: number) => number): void {
  const dimensions = { ClusterName: 'prod', ServiceName: service };
  sim.cloudwatch.defineMetric(
    { namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions },
    (at) => demand(at) / Math.max(1, liveTasks(service)),
  );
}

/** One scheduled tick, then a minute of the control loop (tasks start and stop). */
async function tick(): Promise<Report> {
  const report = await handler(loadFixture('scheduled-event-scale.json'), createLambdaContext());
  sim.reconcile();
  sim.ecs.startTasks();
  sim.reconcile();
  vi.advanceTimersByTime(minute);
  return report;
}

afterEach(async () => {
  await sim?.close();
  vi.useRealTimers();
});

describe('scale-services on the simulator', () => {
  it('scales out on the tick after a load step, and in only after the stabilization window', async () => {
    // Prepare: 2 tasks at 50 %; demand triples at minute 3, falls to a fifth at minute 6.
    const window = 180;
    const rule = cpuRule('web', {
      behavior: { scaleDown: { stabilizationWindowSeconds: window } },
    });
    await setUp([{ name: 'web', desiredCount: 2 }], rule);
    const stepAt = start - 30_000 + 3 * minute;
    const dropAt = start - 30_000 + 6 * minute;
    defineCpu('web', (at) => (at >= dropAt ? 60 : at >= stepAt ? 300 : 100));
    // Act: one tick a minute for 11 minutes.
    const timeline: { at: number; desired: number; reason: string }[] = [];
    for (let i = 0; i < 11; i += 1) {
      const at = Date.now();
      const line = (await tick()).services[0];
      timeline.push({ at, desired: line?.desiredCount ?? -1, reason: line?.reason ?? '' });
    }
    // Assess: steady, then 6 tasks on the first tick that sees the step.
    const firstAfterStep = timeline.findIndex((t) => t.at >= stepAt);
    expect(timeline.slice(0, firstAfterStep).every((t) => t.desired === 2)).toBe(true);
    expect(timeline[firstAfterStep]).toMatchObject({ desired: 6, reason: 'scale-out' });
    // No scale-in before the window has (nearly: CloudWatch stamps minutes at their start) passed.
    const firstIn = timeline.findIndex((t) => t.at > dropAt && t.desired < 6);
    expect(firstIn).toBeGreaterThan(0);
    const held = timeline.filter((t) => t.at > dropAt && t.at < (timeline[firstIn]?.at ?? 0));
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((t) => t.desired === 6 && t.reason === 'stabilizing')).toBe(true);
    expect((timeline[firstIn]?.at ?? 0) - dropAt).toBeGreaterThanOrEqual((window - 60) * 1000);
    expect(timeline[firstIn]).toMatchObject({ desired: 2, reason: 'scale-in' });
    expect(liveTasks('web')).toBe(2);
  });

  it('ticks 500 services with ⌈1000 metrics / 500⌉ GetMetricData calls, updating only loaded ones', async () => {
    // Prepare: 500 services of 2 tasks, 5 of them loaded; history published a minute ago.
    const names = Array.from({ length: 500 }, (_, i) => `svc-${i}`);
    await setUp(
      names.map((name) => ({ name, desiredCount: 2 })),
      cpuRule('svc-*'),
    );
    for (const [i, name] of names.entries()) defineCpu(name, () => (i % 100 === 0 ? 200 : 100));
    // Act
    const report = await tick();
    // Assess
    expect(report.totals.selected).toBe(500);
    // cpu and the recommendation read-back: 1000 metrics, 500 a call.
    expect(sim.calls.count({ action: 'GetMetricData' })).toBe(2);
    expect(report.metricCalls).toBe(2);
    expect(sim.calls.count({ action: 'UpdateService' })).toBe(5);
    expect(sim.calls.count({ action: 'DescribeServices' })).toBe(50);
    expect(report.totals.scaledOut).toBe(5);
  });
});
