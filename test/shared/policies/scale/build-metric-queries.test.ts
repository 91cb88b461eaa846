import { describe, expect, it } from 'vitest';
import { scaleServiceRuleSchema } from '../../../../shared/config/scale-section.ts';
import {
  buildMetricQueries,
  type ScaleTarget,
} from '../../../../shared/policies/scale/build-metric-queries.ts';
import { rewriteExpression } from '../../../../shared/policies/scale/compile-metric-queries.ts';
import { readMetricResults } from '../../../../shared/policies/scale/read-metric-results.ts';

const now = Date.parse('2025-01-01T12:00:30Z');
const config = { recommendationNamespace: 'ECSAutopilot' };
const twoMetrics = scaleServiceRuleSchema.parse({
  match: { service: '*' },
  max: 10,
  metrics: [
    { kind: 'cpu', targetPercent: 50 },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a config placeholder, filled per service
    { kind: 'sqs-backlog', queueName: '${service}-jobs', targetPerTask: 10, includeInFlight: true },
  ],
});
const targets = (count: number, rule = twoMetrics): ScaleTarget[] =>
  Array.from({ length: count }, (_, i) => ({ clusterName: 'prod', serviceName: `svc-${i}`, rule }));

describe('buildMetricQueries', () => {
  it('gives every query an id GetMetricData accepts, unique across services', () => {
    // Act
    const plan = buildMetricQueries(targets(3), config, now);
    // Assess
    const ids = plan.batches.flat().map((q) => q.Id);
    expect(ids.every((id) => /^[a-z][a-zA-Z0-9_]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('fills each service into its own dimensions', () => {
    // Act
    const plan = buildMetricQueries(targets(1), config, now);
    // Assess
    const queue = plan.batches[0]?.find((q) => q.Id === 's0_m1');
    expect(queue?.MetricStat?.Metric).toEqual({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: 'svc-0-jobs' }],
    });
    const cpu = plan.batches[0]?.find((q) => q.Id === 's0_m0');
    expect(cpu?.MetricStat?.Metric.Dimensions).toEqual([
      { Name: 'ClusterName', Value: 'prod' },
      { Name: 'ServiceName', Value: 'svc-0' },
    ]);
  });

  it('reads back the recommendations in the same call, and nothing more with default behavior', () => {
    // Act
    const plan = buildMetricQueries(targets(1), config, now);
    // Assess: cpu, visible, in-flight, recommendation maximum.
    expect(plan.batches[0]?.map((q) => q.Id)).toEqual(['s0_m0', 's0_m1', 's0_m1_p1', 's0_rmax']);
    expect(plan.index.refs.s0_rmax).toEqual({ serviceKey: 'prod/svc-0', role: 'recommendation' });
    expect(plan.endTime - plan.startTime).toBeGreaterThanOrEqual(300_000);
  });

  it('adds the minimum read-back and the desired history only when the behavior needs them', () => {
    // Prepare
    const rule = scaleServiceRuleSchema.parse({
      ...twoMetrics,
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 120 },
        scaleDown: { policies: [{ type: 'Tasks', value: 1, periodSeconds: 600 }] },
      },
    });
    // Act
    const plan = buildMetricQueries(targets(1, rule), config, now);
    // Assess
    const ids = plan.batches[0]?.map((q) => q.Id);
    expect(ids).toContain('s0_rmin');
    expect(ids).toContain('s0_dh');
    expect(plan.endTime - plan.startTime).toBeGreaterThanOrEqual(720_000);
  });

  it('packs whole services into calls of at most 500 queries', () => {
    // Act: 4 queries per service.
    const plan = buildMetricQueries(targets(250), config, now);
    // Assess
    expect(plan.batches.map((b) => b.length)).toEqual([500, 500]);
    const firstOfSecond = plan.batches[1]?.[0]?.Id;
    expect(firstOfSecond).toBe('s125_m0');
  });

  it('compiles a metric-math expression with hidden sub-queries', () => {
    // Prepare
    const rule = scaleServiceRuleSchema.parse({
      match: { service: '*' },
      max: 10,
      metrics: [
        {
          kind: 'custom',
          expression: "errors / requests * 100 + 0 * SUM(METRICS('requests'))",
          queries: {
            errors: {
              namespace: 'App',
              metricName: 'Errors',
              stat: 'Sum',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a config placeholder, filled per service
              dimensions: { Service: '${service}' },
            },
            requests: { namespace: 'App', metricName: 'Requests', stat: 'Sum' },
          },
          targetType: 'AverageValue',
          target: 5,
        },
      ],
    });
    // Act
    const plan = buildMetricQueries(targets(1, rule), config, now);
    // Assess
    const queries = plan.batches[0] ?? [];
    expect(queries.filter((q) => !q.ReturnData).map((q) => q.Id)).toEqual([
      's0_m0_q_errors',
      's0_m0_q_requests',
    ]);
    expect(queries.find((q) => q.Id === 's0_m0')?.Expression).toBe(
      "s0_m0_q_errors / s0_m0_q_requests * 100 + 0 * SUM(METRICS('requests'))",
    );
  });

  it.each([
    {
      name: 'ALB per-target requests as RequestCountPerTarget',
      mode: 'per-target',
      metricName: 'RequestCountPerTarget',
    },
    { name: 'ALB total requests as RequestCount', mode: 'total', metricName: 'RequestCount' },
  ])('reads $name', ({ mode, metricName }) => {
    // Prepare
    const rule = scaleServiceRuleSchema.parse({
      match: { service: '*' },
      max: 10,
      metrics: [
        {
          kind: 'alb-requests',
          mode,
          targetGroup: 'targetgroup/web/1',
          loadBalancer: 'app/lb/2',
          targetPerTask: 600,
        },
      ],
    });
    // Act
    const plan = buildMetricQueries(targets(1, rule), config, now);
    // Assess
    expect(plan.batches[0]?.[0]?.MetricStat).toMatchObject({
      Stat: 'Sum',
      Metric: { MetricName: metricName },
    });
  });
});

describe('rewriteExpression', () => {
  it('renames identifiers only, not functions or quoted strings', () => {
    // Act / Assess
    expect(rewriteExpression("FILL(a, 0) + a_b + 'a'", { a: 'x_a', a_b: 'x_ab' })).toBe(
      "FILL(x_a, 0) + x_ab + 'a'",
    );
  });
});

describe('readMetricResults', () => {
  it('maps newest fresh values and the recommendation history back to services', () => {
    // Prepare
    const plan = buildMetricQueries(targets(2), config, now);
    const at = (seconds: number) => new Date(now - seconds * 1000);
    const results = [
      { Id: 's0_m0', Timestamps: [at(60), at(120)], Values: [71.5, 20] },
      { Id: 's0_m1', Timestamps: [at(60)], Values: [40] },
      { Id: 's0_m1_p1', Timestamps: [at(60)], Values: [2] },
      { Id: 's0_rmax', Timestamps: [at(60), at(120)], Values: [3, 4] },
      { Id: 's0_rmax', Timestamps: [at(180)], Values: [5] },
      { Id: 's1_m0', Timestamps: [at(900)], Values: [99] },
      { Id: 's1_m1', Timestamps: [at(60)], Values: [40] },
    ];
    // Act
    const readings = readMetricResults(results, plan.index, now);
    // Assess
    expect(readings['prod/svc-0']).toEqual({
      metrics: [71.5, 42],
      recommendationsHistory: [
        { timestamp: now - 60_000, value: 3 },
        { timestamp: now - 120_000, value: 4 },
        { timestamp: now - 180_000, value: 5 },
      ],
      desiredHistory: [],
    });
    // A stale cpu datapoint and a backlog without its in-flight part are both missing.
    expect(readings['prod/svc-1']?.metrics).toEqual([undefined, undefined]);
  });
});
