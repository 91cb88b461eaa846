import { GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeServicesCommand,
  GetTaskProtectionCommand,
  ListServicesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScaleTickReport } from '../../shared/scale/report.ts';
import { forgetHistory } from '../../shared/scale/sub-ticks.ts';
import { loadFixture } from '../support/fixtures.ts';
import { createLambdaContext } from '../support/lambda-context.ts';
import {
  cloudWatch,
  createServices,
  defaultRule,
  ecs,
  eventBridge,
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
});
delete process.env.DEAD_LETTER_QUEUE_URL;

let handler: (event: unknown, context: unknown) => Promise<ScaleTickReport>;

beforeAll(async () => {
  ({ handler } = (await import('../../functions/scale-services.ts')) as never);
});

beforeEach(() => {
  // Each test is a new account: a container that remembered another's evaluations would not be.
  forgetHistory();
  delete process.env.DRY_RUN;
  usePolicy({ services: [defaultRule], maxServicesChangedPerRun: 1000 });
});

async function tick(
  account: FakeAccount,
  event: unknown = loadFixture('scheduled-event-scale.json'),
) {
  serveAccount(account, Date.now());
  return handler(event, createLambdaContext({ functionName: 'scale-services' }));
}

const updates = () =>
  ecs.commandCalls(UpdateServiceCommand).map((call) => ({
    service: call.args[0].input.service,
    desiredCount: call.args[0].input.desiredCount,
  }));
const line = (report: ScaleTickReport, service: string) =>
  report.services.find((s) => s.service === service);

describe('scale-services handler', () => {
  it.each([
    // Two metrics and the recommendation read-back: 3 retrieved metrics a service, 500 a call.
    { services: 166, calls: 1 },
    { services: 250, calls: 2 },
    { services: 500, calls: 3 },
  ])('reads $services services with two metrics in $calls GetMetricData calls, none per service', async ({
    services,
    calls,
  }) => {
    // Prepare
    const account = { services: createServices(services) };
    // Act
    const report = await tick(account);
    // Assess
    const requests = cloudWatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(requests).toHaveLength(calls);
    expect(report.metricCalls).toBe(calls);
    expect(
      requests
        .flatMap((r) => r.MetricDataQueries ?? [])
        .every((q) => q.Expression?.startsWith('SEARCH(')),
    ).toBe(true);
    expect(report.totals.selected).toBe(services);
    expect(report.services.every((s) => s.reason === 'within-tolerance')).toBe(true);
    const describeSizes = ecs
      .commandCalls(DescribeServicesCommand)
      .map((c) => c.args[0].input.services?.length);
    expect(describeSizes.every((size) => size !== undefined && size <= 10)).toBe(true);
    expect(describeSizes).toHaveLength(Math.ceil(services / 10));
  });

  it('sends no UpdateService for services whose count does not change', async () => {
    // Act
    const report = await tick({ services: createServices(20) });
    // Assess
    expect(updates()).toEqual([]);
    expect(
      report.services.every((s) => s.reason === 'within-tolerance' && s.status === 'unchanged'),
    ).toBe(true);
  });

  it('scales out a loaded service only, and reports, publishes and audits the change', async () => {
    // Prepare: cpu 100 % of a 50 % target doubles the 4 tasks.
    const services = createServices(3);
    services[1] = { name: 'svc-1', desiredCount: 4, cpu: 100, memory: 70, recommendations: {} };
    // Act
    const report = await tick({ services });
    // Assess
    expect(updates()).toEqual([{ service: 'svc-1', desiredCount: 8 }]);
    expect(line(report, 'svc-1')).toMatchObject({
      reason: 'scale-out',
      status: 'updated',
      desiredCountAfterTick: 8,
    });
    expect(report.totals).toMatchObject({ scaledOut: 1, scaledIn: 0, unchanged: 2 });
    const datums = cloudWatch
      .commandCalls(PutMetricDataCommand)
      .flatMap((c) => c.args[0].input.MetricData ?? []);
    const published = datums.filter((d) => d.Dimensions?.some((dim) => dim.Value === 'svc-1'));
    expect(published.map((d) => [d.MetricName, d.Value])).toEqual([
      ['RecommendedTaskCount', 8],
      ['DesiredTaskCount', 8],
    ]);
    const entries = eventBridge
      .commandCalls(PutEventsCommand)
      .flatMap((c) => c.args[0].input.Entries ?? []);
    expect(entries.map((e) => [e.DetailType, JSON.parse(e.Detail ?? '{}').to])).toEqual([
      ['Service Scaled', 8],
    ]);
  });

  it('sends no UpdateService during a dry run, and publishes the unchanged count', async () => {
    // Prepare
    process.env.DRY_RUN = 'true';
    usePolicy({ services: [defaultRule] });
    const services = createServices(2, { cpu: 100 });
    // Act
    const report = await tick({ services });
    // Assess
    expect(updates()).toEqual([]);
    expect(report.dryRun).toBe(true);
    expect(report.services.map((s) => [s.desiredCount, s.status, s.desiredCountAfterTick])).toEqual(
      [
        [8, 'dry-run', 4],
        [8, 'dry-run', 4],
      ],
    );
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('never scales in below the protected tasks, reading protection only for the scale-in', async () => {
    // Prepare: cpu 10 % asks for 1 task; 3 of the 8 tasks are protected.
    const services = createServices(3);
    services[0] = {
      name: 'svc-0',
      desiredCount: 8,
      cpu: 10,
      memory: 10,
      protectedTasks: 3,
      recommendations: { 600: 8 },
    };
    // Act
    const report = await tick({ services });
    // Assess
    expect(updates()).toEqual([{ service: 'svc-0', desiredCount: 3 }]);
    expect(line(report, 'svc-0')?.reason).toBe('protected-tasks');
    expect(ecs.commandCalls(GetTaskProtectionCommand)).toHaveLength(1);
  });

  it('does not scale in during a deployment, but still scales out', async () => {
    // Prepare
    const services = [
      { name: 'svc-0', desiredCount: 8, cpu: 10, memory: 10, deploying: true, recommendations: {} },
      {
        name: 'svc-1',
        desiredCount: 4,
        cpu: 100,
        memory: 70,
        deploying: true,
        recommendations: {},
      },
    ];
    // Act
    const report = await tick({ services });
    // Assess
    expect(updates()).toEqual([{ service: 'svc-1', desiredCount: 8 }]);
    expect(line(report, 'svc-0')?.reason).toBe('deployment-in-progress');
  });

  it('leaves alone a service Application Auto Scaling manages', async () => {
    // Act
    const report = await tick({ services: createServices(2, { cpu: 100 }), autoScaled: ['svc-0'] });
    // Assess
    expect(updates()).toEqual([{ service: 'svc-1', desiredCount: 8 }]);
    expect(line(report, 'svc-0')?.reason).toBe('managed-elsewhere');
  });

  it.each([
    { name: 'missing metrics', cpu: undefined, memory: undefined, reason: 'missing-metrics' },
    { name: 'a missing metric', cpu: 10, memory: undefined, reason: 'missing-metrics' },
  ])('never scales in on $name', async ({ cpu, memory, reason }) => {
    // Act
    const report = await tick({
      services: [{ name: 'svc-0', desiredCount: 8, cpu, memory, recommendations: {} }],
    });
    // Assess
    expect(updates()).toEqual([]);
    expect(line(report, 'svc-0')?.reason).toBe(reason);
  });

  it('holds a scale-in while the recommendation history is not searchable yet, not after', async () => {
    // Prepare: cpu 10 % of a 50 % target; the default 300 s scale-down window.
    const fresh = { name: 'svc-0', desiredCount: 8, cpu: 10, memory: 10 };
    // Act
    const held = await tick({ services: [fresh] });
    const heldUpdates = updates();
    const scaled = await tick({ services: [{ ...fresh, recommendations: { 400: 8 } }] });
    // Assess
    expect(heldUpdates).toEqual([]);
    expect(line(held, 'svc-0')).toMatchObject({ reason: 'stabilizing' });
    expect(line(held, 'svc-0')?.notes).toContain('recommendation history not searchable yet');
    expect(line(scaled, 'svc-0')).toMatchObject({ reason: 'scale-in', desiredCount: 2 });
  });

  it('keeps scaling the services it could describe when a DescribeServices batch fails', async () => {
    // Act
    const report = await tick({
      services: createServices(25, { cpu: 100 }),
      describeFailsFor: 'svc-12',
    });
    // Assess: the batch of svc-10..19 is reported, the 15 others scale.
    expect(report.totals.notDescribed).toBe(10);
    expect(report.notDescribed.map((f) => f.service)).toContain(
      `arn:aws:ecs:us-east-1:123456789012:service/prod/svc-12`,
    );
    expect(updates()).toHaveLength(15);
  });

  it('holds back the scale-ins beyond the cap and lets every scale-out through', async () => {
    // Prepare: a cap of 2; three services overloaded, three idle past their scale-down window.
    usePolicy({ services: [defaultRule], maxServicesChangedPerRun: 2 });
    const outs = createServices(3, { cpu: 100, recommendations: { 600: 4 } });
    const ins = [3, 4, 5].map((i) => ({
      name: `svc-${i}`,
      desiredCount: 8,
      cpu: 10,
      memory: 10,
      recommendations: { 600: 8 },
    }));
    // Act
    const report = await tick({ services: [...outs, ...ins] });
    // Assess
    expect(updates()).toHaveLength(5);
    expect(updates()).toEqual(
      expect.arrayContaining([
        { service: 'svc-0', desiredCount: 8 },
        { service: 'svc-1', desiredCount: 8 },
        { service: 'svc-2', desiredCount: 8 },
        { service: 'svc-3', desiredCount: 2 },
        { service: 'svc-4', desiredCount: 2 },
      ]),
    );
    expect(line(report, 'svc-5')).toMatchObject({ status: 'held-back', desiredCountAfterTick: 8 });
    expect(report.totals).toMatchObject({ scaledOut: 3, scaledIn: 2, heldBack: 1 });
  });

  it('evaluates only the services an alarm names, without listing the account', async () => {
    // Prepare
    const alarm = {
      version: '0',
      id: 'a1b2',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: '123456789012',
      time: '2026-11-22T12:01:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:svc-1-cpu-high'],
      detail: {
        alarmName: 'svc-1-cpu-high',
        state: { value: 'ALARM' },
        configuration: {
          metrics: [
            {
              id: 'm1',
              metricStat: {
                metric: {
                  namespace: 'AWS/ECS',
                  name: 'CPUUtilization',
                  dimensions: { ClusterName: 'prod', ServiceName: 'svc-1' },
                },
              },
            },
          ],
        },
      },
    };
    // Act
    const report = await tick({ services: createServices(5, { cpu: 100 }) }, alarm);
    // Assess
    expect(ecs.commandCalls(ListServicesCommand)).toHaveLength(0);
    expect(report.trigger).toBe('alarm:svc-1-cpu-high');
    expect(updates()).toEqual([{ service: 'svc-1', desiredCount: 8 }]);
  });

  it('does nothing, and calls nothing, when the policy selects no service', async () => {
    // Prepare
    usePolicy({});
    // Act
    const report = await tick({ services: createServices(3, { cpu: 100 }) });
    // Assess
    expect(report.totals.selected).toBe(0);
    expect(ecs.calls()).toHaveLength(0);
    expect(cloudWatch.calls()).toHaveLength(0);
  });
});
