/**
 * Sub-minute scaling through the built scale-services bundle on the simulator: a scheduled
 * invocation evaluates every 20 s, reads the queue straight from SQS, and its evaluations see one
 * another (rate policies, stabilization) even where CloudWatch has not made the published samples
 * readable yet. Time runs 10 times faster than the wall clock, for the simulator and the bundle.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { loadFixture } from '../support/fixtures.ts';
import { createLambdaContext } from '../support/lambda-context.ts';
import { writePolicyFile } from '../support/policy-file.ts';
import { installWarpedClock, type WarpedClock, waitUntil } from './support/warped-clock.ts';

type Line = {
  service: string;
  currentCount: number;
  desiredCount: number;
  reason: string;
  status: string;
};
type Report = {
  services: Line[];
  queueReads: number;
  subTicks?: { offsetSeconds: number; services: Line[] }[];
};
type Handler = (event: unknown, context: unknown) => Promise<Report>;

const BUNDLE = join(import.meta.dirname, '../../dist/scale-services/index.mjs');
const factor = 10;
// Half a second past a whole minute, as EventBridge's schedule fires.
const t0 = Date.UTC(2026, 0, 1, 12, 0, 0, 500);
let containers = 0;
let sim: Simulator;
let clock: WarpedClock;
const savedEnv = { ...process.env };

afterEach(async () => {
  clock.restore();
  process.env = { ...savedEnv };
  await sim.close();
});

/** A worker service reading its own queue, evaluated every 20 s. */
async function openWorker(options: {
  desiredCount: number;
  backlog: number;
  scaleDownWindow?: number;
}) {
  clock = installWarpedClock({ start: t0, factor });
  sim = await startSimulator({
    clock: clock.now,
    // What this invocation published seconds ago is not readable yet (CloudWatch gives no figure).
    settings: { metricIngestionDelayMs: 30_000 },
    scenario: {
      clusters: ['prod'],
      taskDefinitions: [
        { family: 'worker', containers: [{ name: 'app', image: 'example/worker' }] },
      ],
      services: [
        {
          cluster: 'prod',
          name: 'worker',
          taskDefinition: 'worker',
          desiredCount: options.desiredCount,
        },
      ],
      queues: [{ name: 'worker-jobs' }],
    },
  });
  sim.ecs.startTasks();
  sim.sqs.setBacklog('worker-jobs', { visible: options.backlog });
  const rule = {
    match: { cluster: 'prod', service: 'worker' },
    min: 1,
    max: 20,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a config placeholder, filled per service
    metrics: [{ kind: 'sqs-backlog', queueName: '${service}-jobs', targetPerTask: 10 }],
    ...(options.scaleDownWindow === undefined
      ? {}
      : { behavior: { scaleDown: { stabilizationWindowSeconds: options.scaleDownWindow } } }),
  };
  Object.assign(process.env, {
    ...simulatorEnvironment(sim.endpoint),
    POLICY_FILE: writePolicyFile({ scale: { services: [rule], evaluationIntervalSeconds: 20 } }),
    DRY_RUN: 'false',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    PACING_TIME_FACTOR: String(factor),
  });
  containers += 1;
  const module = await import(`${pathToFileURL(BUNDLE).href}?sub-minute=${containers}`);
  return module.handler as Handler;
}

/** One scheduled invocation, started when the warped clock reaches `at`. */
async function invokeAt(handler: Handler, at: number): Promise<Report> {
  await waitUntil(clock, at, factor);
  return handler(loadFixture('scheduled-event-scale.json'), createLambdaContext());
}

const worker = (lines: Line[] | undefined) => lines?.find((line) => line.service === 'worker');

describe('scale scenario: sub-minute evaluations', () => {
  it('scales out at the sub-tick after a backlog step, and holds the rate policy across sub-ticks', async () => {
    // Prepare: 2 tasks at their target of 10 messages each; 80 messages from t0 + 10 s.
    const handler = await openWorker({ desiredCount: 2, backlog: 20 });
    sim.sqs.setBacklog('worker-jobs', { visible: 80 }, t0 + 10_000);
    // Act
    const report = await invokeAt(handler, t0);
    // Assess: nothing at 0 s; at 20 s 2 → 6 (max(+100 %, +4 tasks) per 60 s); at 40 s the rate
    // policy still counts the +4 of 20 s ago, though CloudWatch cannot show it yet.
    const service = [...sim.account.services.values()][0];
    expect(worker(report.services)).toMatchObject({
      reason: 'within-tolerance',
      status: 'unchanged',
    });
    expect(report.subTicks?.map((tick) => tick.offsetSeconds)).toEqual([20, 40]);
    expect(worker(report.subTicks?.[0]?.services)).toMatchObject({
      currentCount: 2,
      desiredCount: 6,
      reason: 'rate-limited',
      status: 'updated',
    });
    expect(worker(report.subTicks?.[1]?.services)).toMatchObject({
      currentCount: 6,
      desiredCount: 6,
      reason: 'rate-limited',
      status: 'unchanged',
    });
    expect(service?.desiredCountChanges).toHaveLength(1);
    const reaction = (service?.desiredCountChanges?.[0]?.at ?? 0) - (t0 + 10_000);
    expect(reaction).toBeGreaterThanOrEqual(10_000);
    expect(reaction).toBeLessThan(20_000);
    expect(sim.calls.count({ action: 'UpdateService' })).toBe(1);
    expect(report.queueReads).toBe(1);
    expect(sim.calls.count({ action: 'GetQueueAttributes' })).toBe(3);
  });

  /**
   * 2 tasks; the backlog steps to 80 messages at 30 s and to 400 at 50 s, so the first
   * invocation's last evaluation (40 s) scales 2 → 6, the most the rate policy allows per 60 s.
   * CloudWatch makes that change readable only 30 s later, after the next minute has begun.
   */
  async function scaleOutAtTheLastSubTick() {
    const handler = await openWorker({ desiredCount: 2, backlog: 20 });
    sim.sqs.setBacklog('worker-jobs', { visible: 80 }, t0 + 30_000);
    sim.sqs.setBacklog('worker-jobs', { visible: 400 }, t0 + 50_000);
    await invokeAt(handler, t0);
    return handler;
  }

  /** Every change at most doubles the count, and none follows another within 60 s. */
  function expectRatePolicyHeld() {
    const changes = [...sim.account.services.values()][0]?.desiredCountChanges ?? [];
    expect(changes[0]).toMatchObject({ from: 2, to: 6 });
    for (let i = 1; i < changes.length; i += 1) {
      const [before, after] = [changes[i - 1], changes[i]];
      expect((after?.at ?? 0) - (before?.at ?? 0)).toBeGreaterThanOrEqual(60_000);
      expect(after?.to).toBeLessThanOrEqual(2 * (after?.from ?? 0));
    }
  }

  it('holds the rate policy across the minute boundary in a warm container', async () => {
    // Prepare
    const handler = await scaleOutAtTheLastSubTick();
    // Act: the next minute's invocation, 20 s after the change.
    const report = await invokeAt(handler, t0 + 60_000);
    // Assess: the container's own record counts the change CloudWatch does not show yet.
    expect(worker(report.services)).toMatchObject({
      currentCount: 6,
      desiredCount: 6,
      reason: 'rate-limited',
    });
    expectRatePolicyHeld();
  });

  it('holds the rate policy across the minute boundary in a new container', async () => {
    // Prepare
    await scaleOutAtTheLastSubTick();
    containers += 1;
    const url = `${pathToFileURL(BUNDLE).href}?sub-minute=${containers}`;
    const fresh = (await import(url)).handler as Handler;
    // Act: the next minute's invocation in a container that never ran before.
    const report = await invokeAt(fresh, t0 + 60_000);
    // Assess: CloudWatch still shows 2 where ECS says 6: the new container takes the difference
    // as a change made just now, and holds it for the rate policy's period.
    expect(worker(report.services)).toMatchObject({
      currentCount: 6,
      desiredCount: 6,
      reason: 'rate-limited',
    });
    expect(report.subTicks?.map((tick) => worker(tick.services)?.desiredCount)).toEqual([6, 6]);
    expectRatePolicyHeld();
  });

  it('keeps the scale-down window across sub-ticks, then scales in once it has passed', async () => {
    // Prepare: 8 tasks for 80 messages; a 30-s scale-down window; one invocation of steady state.
    const handler = await openWorker({ desiredCount: 8, backlog: 80, scaleDownWindow: 30 });
    await invokeAt(handler, t0);
    sim.sqs.setBacklog('worker-jobs', { visible: 10 }, t0 + 70_000);
    // Act: the next minute's invocation; the backlog falls 10 s into it.
    const report = await invokeAt(handler, t0 + 60_000);
    // Assess: at 80 s the window still holds the 8 recommended at 60 s (this invocation's own,
    // not readable in CloudWatch yet); at 100 s it has passed.
    expect(worker(report.services)).toMatchObject({ desiredCount: 8, reason: 'within-tolerance' });
    expect(worker(report.subTicks?.[0]?.services)).toMatchObject({
      currentCount: 8,
      desiredCount: 8,
      reason: 'stabilizing',
    });
    expect(worker(report.subTicks?.[1]?.services)).toMatchObject({
      currentCount: 8,
      desiredCount: 1,
      reason: 'scale-in',
      status: 'updated',
    });
    const service = [...sim.account.services.values()][0];
    expect(service?.desiredCountChanges?.map((change) => change.to)).toEqual([1]);
  });
});
