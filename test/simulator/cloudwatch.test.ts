import {
  GetMetricDataCommand,
  PutMetricDataCommand,
  ValidationException,
} from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createManualClock,
  type ManualClock,
  type Simulator,
  startSimulator,
} from '../../simulator/index.ts';
import { createClients } from './clients.ts';

const cpu = {
  Namespace: 'AWS/ECS',
  MetricName: 'CPUUtilization',
  Dimensions: [
    { Name: 'ServiceName', Value: 'web' },
    { Name: 'ClusterName', Value: 'prod' },
  ],
};

describe('simulator CloudWatch', () => {
  let sim: Simulator;
  let clock: ManualClock;
  let cloudWatch: ReturnType<typeof createClients>['cloudWatch'];

  beforeEach(async () => {
    clock = createManualClock();
    sim = await startSimulator({
      clock: clock.now,
      scenario: {
        metrics: [
          {
            namespace: 'AWS/ECS',
            name: 'CPUUtilization',
            dimensions: { ClusterName: 'prod', ServiceName: 'web' },
            points: [
              { age: '150s', value: 40 },
              { age: '130s', value: 60 },
              { age: '70s', value: 80 },
            ],
          },
        ],
      },
    });
    cloudWatch = createClients(sim.endpoint).cloudWatch;
  });

  afterEach(async () => {
    await sim.close();
  });

  const range = () => ({
    StartTime: new Date(clock.now() - 300_000),
    EndTime: new Date(clock.now()),
  });

  it('aggregates MetricStat per period and returns the newest datapoint first', async () => {
    // Act
    const result = await cloudWatch.send(
      new GetMetricDataCommand({
        ...range(),
        MetricDataQueries: [
          { Id: 'avg', MetricStat: { Metric: cpu, Period: 60, Stat: 'Average' } },
          { Id: 'count', MetricStat: { Metric: cpu, Period: 60, Stat: 'SampleCount' } },
        ],
      }),
    );

    // Assess
    const [avg, count] = result.MetricDataResults ?? [];
    expect(avg?.Values).toEqual([80, 50]);
    expect(avg?.Timestamps?.map((t) => t.getTime())).toEqual([
      clock.now() - 120_000,
      clock.now() - 180_000,
    ]);
    expect(avg?.StatusCode).toBe('Complete');
    expect(count?.Values).toEqual([1, 2]);
  });

  it('evaluates arithmetic expressions and FILL, hiding queries with ReturnData false', async () => {
    // Prepare
    sim.cloudwatch.defineMetric(
      { namespace: 'App', metricName: 'Backlog', dimensions: {} },
      (at) => (at >= clock.now() - 120_000 ? 30 : undefined),
    );

    // Act
    const result = await cloudWatch.send(
      new GetMetricDataCommand({
        ...range(),
        MetricDataQueries: [
          { Id: 'm1', MetricStat: { Metric: cpu, Period: 60, Stat: 'Maximum' }, ReturnData: false },
          {
            Id: 'backlog',
            MetricStat: {
              Metric: { Namespace: 'App', MetricName: 'Backlog' },
              Period: 60,
              Stat: 'Sum',
            },
            ReturnData: false,
          },
          { Id: 'e1', Expression: '(m1 + 20) / 2' },
          { Id: 'e2', Expression: 'FILL(backlog, 0) / 3' },
        ],
      }),
    );

    // Assess
    const [e1, e2] = result.MetricDataResults ?? [];
    expect(result.MetricDataResults).toHaveLength(2);
    expect(e1?.Values).toEqual([50, 40]);
    expect(e2?.Values).toEqual([10, 10, 0, 0, 0]);
  });

  it('accepts PutMetricData with second-precision timestamps', async () => {
    // Act
    await cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: 'EcsAutopilot',
        MetricData: [
          { MetricName: 'Recommendation', Value: 4, Timestamp: new Date(clock.now() - 30_000) },
        ],
      }),
    );
    const result = await cloudWatch.send(
      new GetMetricDataCommand({
        ...range(),
        MetricDataQueries: [
          {
            Id: 'r',
            MetricStat: {
              Metric: { Namespace: 'EcsAutopilot', MetricName: 'Recommendation' },
              Period: 60,
              Stat: 'Maximum',
            },
          },
        ],
      }),
    );

    // Assess
    expect(result.MetricDataResults?.[0]?.Values).toEqual([4]);
  });

  it('answers SEARCH with one labelled result per matching service metric', async () => {
    // Prepare
    for (const service of ['api', 'jobs']) {
      sim.cloudwatch.putDatapoints(
        {
          namespace: 'AWS/ECS',
          metricName: 'CPUUtilization',
          dimensions: { ClusterName: 'prod', ServiceName: service },
        },
        [{ at: clock.now() - 90_000, value: service === 'api' ? 10 : 20 }],
      );
    }
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudWatch dynamic label
    const label = "${PROP('Dim.ClusterName')}/${PROP('Dim.ServiceName')}";
    const expression =
      'SEARCH(\'{"AWS/ECS",ClusterName,ServiceName} MetricName="CPUUtilization" ClusterName="prod" ' +
      '(ServiceName="web" OR ServiceName="api")\', \'Average\', 60)';

    // Act
    const result = await cloudWatch.send(
      new GetMetricDataCommand({
        ...range(),
        MetricDataQueries: [{ Id: 's0', Expression: expression, Label: label }],
      }),
    );

    // Assess
    const byLabel = Object.fromEntries(
      (result.MetricDataResults ?? []).map((r) => [r.Label, r.Values]),
    );
    expect(byLabel).toEqual({ 'prod/web': [80, 50], 'prod/api': [10] });
    expect(result.MetricDataResults?.every((r) => r.Id === 's0')).toBe(true);
  });

  it('rejects a malformed expression and more than 500 queries', async () => {
    // Act
    const bad = cloudWatch.send(
      new GetMetricDataCommand({
        ...range(),
        MetricDataQueries: [{ Id: 'e1', Expression: 'm1 +' }],
      }),
    );
    await expect(bad).rejects.toBeInstanceOf(ValidationException);
    const tooMany = cloudWatch.send(
      new GetMetricDataCommand({
        ...range(),
        MetricDataQueries: Array.from({ length: 501 }, (_, i) => ({
          Id: `q${i}`,
          Expression: '1',
        })),
      }),
    );

    // Assess
    await expect(tooMany).rejects.toBeInstanceOf(ValidationException);
  });
});
