import { DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeServicesCommand,
  ListClustersCommand,
  ListServicesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSubTickHistory } from '../../shared/scale/policy/sub-tick-history.ts';
import type { ScaleInvocationReport } from '../../shared/scale/sub-ticks.ts';
import { forgetHistory, keepHistory } from '../../shared/scale/sub-ticks.ts';
import { loadFixture } from '../support/fixtures.ts';
import { createLambdaContext } from '../support/lambda-context.ts';
import {
  autoScaling,
  cloudWatch,
  createServices,
  defaultRule,
  ecs,
  type FakeAccount,
  serveAccount,
  usePolicy,
} from './scale-services-harness.ts';

Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AUDIT_EVENT_BUS_NAME: 'audit',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  // The 20-s waits between evaluations last 200 ms (and an evaluation's 5 ms count as 0.5 s).
  PACING_TIME_FACTOR: '100',
});

let handler: (event: unknown, context: unknown) => Promise<ScaleInvocationReport>;
const start = Date.UTC(2026, 0, 1, 12, 0, 0, 500);

beforeAll(async () => {
  ({ handler } = (await import('../../functions/scale-services.ts')) as never);
});

beforeEach(() => {
  forgetHistory();
  // Date stands still: each evaluation decides with its planned time.
  vi.useFakeTimers({ toFake: ['Date'], now: start });
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  delete process.env.PACING_TIME_FACTOR;
});

function invoke(account: FakeAccount, event: unknown, remainingMs = 60_000) {
  serveAccount(account, start);
  return handler(event, createLambdaContext({ functionName: 'scale-services', remainingMs }));
}

/** Three idle services at 8 tasks, past any scale-down window. */
const idle = () =>
  [0, 1, 2].map((i) => ({
    name: `svc-${i}`,
    desiredCount: 8,
    cpu: 10,
    memory: 10,
    recommendations: { 600: 8 },
  }));

describe('scale-services handler: evaluations within the minute', () => {
  it('evaluates a scheduled invocation at 0, 20 and 40 s, each at its own time', async () => {
    // Prepare
    usePolicy({ services: [defaultRule], evaluationIntervalSeconds: 20 });
    // Act
    const report = await invoke(
      { services: createServices(2) },
      loadFixture('scheduled-event-scale.json'),
    );
    // Assess: the later evaluations publish at their time, at high resolution, and read no
    // read-back again (the first one's serve them).
    expect(report.subTicks?.map((tick) => tick.offsetSeconds)).toEqual([20, 40]);
    const published = cloudWatch
      .commandCalls(PutMetricDataCommand)
      .map((call) => call.args[0].input.MetricData?.[0]);
    expect(published.map((datum) => datum?.Timestamp?.getTime())).toEqual([
      start,
      start + 20_000,
      start + 40_000,
    ]);
    expect(published.every((datum) => datum?.StorageResolution === 1)).toBe(true);
    const searches = cloudWatch
      .commandCalls(GetMetricDataCommand)
      .map((call) => JSON.stringify(call.args[0].input.MetricDataQueries));
    expect(searches.map((text) => text.includes('RecommendedTaskCount'))).toEqual([
      true,
      false,
      false,
    ]);
    // The services are listed once an invocation and described again at every evaluation.
    expect(ecs.commandCalls(ListClustersCommand)).toHaveLength(1);
    expect(ecs.commandCalls(ListServicesCommand)).toHaveLength(1);
    expect(autoScaling.commandCalls(DescribeScalableTargetsCommand)).toHaveLength(1);
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(3);
  });

  it('shares the scale-in cap across the evaluations of one invocation', async () => {
    // Prepare: a cap of 1; ECS keeps answering 8 (as if the update had not landed yet); a warm
    // container (a new one would hold every scale-in for the scale-down window, see
    // assumeUnseenEvaluations).
    keepHistory(startSubTickHistory(start - 60_000));
    usePolicy({
      services: [defaultRule],
      evaluationIntervalSeconds: 20,
      maxServicesChangedPerRun: 1,
    });
    // Act
    const report = await invoke({ services: idle() }, loadFixture('scheduled-event-scale.json'));
    // Assess: one scale-in in the whole invocation; the later evaluations hold every scale-in back.
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(1);
    expect(report.totals).toMatchObject({ scaledIn: 1, heldBack: 2 });
    expect(report.subTicks?.map((tick) => tick.totals.heldBack)).toEqual([3, 3]);
  });

  it('evaluates once when triggered by an alarm, or when the time budget cannot hold another', async () => {
    // Prepare
    usePolicy({ services: [defaultRule], evaluationIntervalSeconds: 10 });
    const alarm = loadFixture('alarm-state-change-scale.json');
    // Act
    const byAlarm = await invoke({ services: createServices(2) }, alarm);
    const short = await invoke(
      { services: createServices(2) },
      loadFixture('scheduled-event-scale.json'),
      6_000,
    );
    // Assess: 6 s left, minus the 5-s margin, cannot wait 10 s.
    expect(byAlarm.subTicks).toBeUndefined();
    expect(short.subTicks).toBeUndefined();
  });

  it('evaluates once a minute by default', async () => {
    // Prepare
    usePolicy({ services: [defaultRule] });
    // Act
    const report = await invoke(
      { services: createServices(2) },
      loadFixture('scheduled-event-scale.json'),
    );
    // Assess
    expect(report.subTicks).toBeUndefined();
    expect(
      cloudWatch.commandCalls(PutMetricDataCommand)[0]?.args[0].input.MetricData?.[0],
    ).not.toHaveProperty('StorageResolution');
  });
});
