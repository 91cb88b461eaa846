import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Simulator } from '../../simulator/index.ts';
import {
  liveTasks as countLiveTasks,
  cpuRule,
  defineCpu as defineServiceCpu,
  minute,
  openScaleScenario,
  type ScaleReport,
  start,
  tick as tickOnce,
} from './scale-scenario-harness.ts';

let sim: Simulator;
let handler: Parameters<typeof tickOnce>[1];

async function setUp(services: { name: string; desiredCount: number }[], rule: object) {
  ({ sim, handler } = await openScaleScenario({ services, rule }));
}

const liveTasks = (service: string) => countLiveTasks(sim, service);
const defineCpu = (service: string, demand: (at: number) => number) =>
  defineServiceCpu(sim, service, demand);
const tick = (): Promise<ScaleReport> => tickOnce(sim, handler);

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
