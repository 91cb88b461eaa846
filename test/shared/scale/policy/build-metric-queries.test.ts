import { describe, expect, it } from 'vitest';
import { scaleServiceRuleSchema } from '../../../../shared/config/scale-section.ts';
import {
  buildMetricQueries,
  type MetricQueryPlan,
  type PlannedQuery,
  type ScaleTarget,
} from '../../../../shared/scale/policy/build-metric-queries.ts';
import { rewriteExpression } from '../../../../shared/scale/policy/compile-metric-queries.ts';
import {
  MAX_SEARCH_EXPRESSION_LENGTH,
  SERVICE_SERIES_LABEL,
} from '../../../../shared/scale/policy/pack-search-queries.ts';
import { readMetricResults } from '../../../../shared/scale/policy/read-metric-results.ts';

const now = Date.parse('2025-01-01T12:00:30Z');
const config = { recommendationNamespace: 'ECSAutopilot' };
const twoMetrics = scaleServiceRuleSchema.parse({
  match: { service: '*' },
  max: 10,
  metrics: [
    { kind: 'cpu', targetPercent: 50 },
    {
      kind: 'sqs-backlog',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a config placeholder, filled per service
      queueName: '${service}-jobs',
      targetPerTask: 10,
      includeInFlight: true,
      source: 'cloudwatch',
    },
  ],
});
const expressions = (plan: MetricQueryPlan): string[] =>
  plan.batches.flat().flatMap((q) => (q.Expression?.startsWith('SEARCH(') ? [q.Expression] : []));
/** Metrics a call retrieves: one per MetricStat, one per series a SEARCH names. */
const retrievedMetrics = (plan: MetricQueryPlan, batch: PlannedQuery[]): number =>
  batch.reduce((sum, q) => {
    const ref = plan.index.refs[q.Id];
    if (ref?.role === 'search') return sum + Object.keys(ref.members).length;
    return sum + (q.MetricStat ? 1 : 0);
  }, 0);
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

  it('reads per-service metrics with a SEARCH naming each service exactly, others per service', () => {
    // Act
    const plan = buildMetricQueries(targets(1), config, now);
    // Assess
    const queue = plan.batches[0]?.find((q) => q.Id === 's0_m1');
    expect(queue?.MetricStat?.Metric).toEqual({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: 'svc-0-jobs' }],
    });
    expect(expressions(plan)).toContain(
      `SEARCH('{"AWS/ECS",ClusterName,ServiceName} MetricName="CPUUtilization" ClusterName="prod" (ServiceName="svc-0")', 'Average', 60)`,
    );
    const cpu = plan.batches[0]?.find((q) => q.Expression?.includes('CPUUtilization'));
    expect(cpu?.Label).toBe(SERVICE_SERIES_LABEL);
    expect(plan.index.refs[cpu?.Id ?? '']).toEqual({
      role: 'search',
      members: {
        'prod/svc-0': {
          serviceKey: 'prod/svc-0',
          role: 'metric',
          metricIndex: 0,
          parts: 1,
          maxAgeSeconds: 300,
        },
      },
    });
  });

  it('reads back the recommendations of all services with one SEARCH, and nothing more by default', () => {
    // Act
    const plan = buildMetricQueries(targets(3), config, now);
    // Assess: one cpu search, one recommendation search, then visible + in-flight per service.
    expect(plan.batches).toHaveLength(1);
    expect(plan.batches[0]?.map((q) => q.Id)).toEqual([
      'x0',
      'x1',
      's0_m1',
      's0_m1_p1',
      's1_m1',
      's1_m1_p1',
      's2_m1',
      's2_m1_p1',
    ]);
    expect(plan.batches[0]?.[1]?.Expression).toBe(
      `SEARCH('{"ECSAutopilot",ClusterName,ServiceName} MetricName="RecommendedTaskCount" ClusterName="prod" (ServiceName="svc-0" OR ServiceName="svc-1" OR ServiceName="svc-2")', 'Maximum', 60)`,
    );
    expect(plan.index.refs.x1).toEqual({
      role: 'search',
      members: {
        'prod/svc-0': { serviceKey: 'prod/svc-0', role: 'recommendation' },
        'prod/svc-1': { serviceKey: 'prod/svc-1', role: 'recommendation' },
        'prod/svc-2': { serviceKey: 'prod/svc-2', role: 'recommendation' },
      },
    });
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
    const searches = expressions(plan);
    expect(
      searches.some((e) => e.includes('"RecommendedTaskCount"') && e.includes("'Minimum'")),
    ).toBe(true);
    expect(searches.some((e) => e.includes('"DesiredTaskCount"'))).toBe(true);
    expect(plan.endTime - plan.startTime).toBeGreaterThanOrEqual(720_000);
  });

  it.each([
    // Each service retrieves 3 metrics (cpu, memory, recommendations): ⌈3 × services / 500⌉.
    { services: 166, calls: 1 },
    { services: 250, calls: 2 },
    { services: 500, calls: 3 },
    { services: 2000, calls: 12 },
  ])('reads cpu and memory of $services services in $calls GetMetricData calls, the minimum', ({
    services,
    calls,
  }) => {
    // Prepare
    const rule = scaleServiceRuleSchema.parse({
      match: { service: '*' },
      max: 10,
      metrics: [
        { kind: 'cpu', targetPercent: 50 },
        { kind: 'memory', targetPercent: 70 },
      ],
    });
    // Act
    const plan = buildMetricQueries(targets(services, rule), config, now);
    // Assess
    expect(plan.batches).toHaveLength(calls);
    expect(expressions(plan).every((e) => e.length <= MAX_SEARCH_EXPRESSION_LENGTH)).toBe(true);
    const members = Object.values(plan.index.refs).flatMap((ref) =>
      ref.role === 'search' ? Object.keys(ref.members) : [],
    );
    expect(members).toHaveLength(services * 3);
    expect(plan.batches.every((batch) => retrievedMetrics(plan, batch) <= 500)).toBe(true);
  });

  it('never mixes clusters in one SEARCH', () => {
    // Prepare
    const both = [...targets(2), { clusterName: 'dev', serviceName: 'svc-0', rule: twoMetrics }];
    // Act
    const plan = buildMetricQueries(both, config, now);
    // Assess: cpu and recommendation, for each of the two clusters.
    expect(expressions(plan).filter((e) => e.includes('ClusterName="dev"'))).toHaveLength(2);
    expect(expressions(plan).filter((e) => e.includes('ClusterName="prod"'))).toHaveLength(2);
  });

  it('packs whole services into calls of at most 500 queries and 500 retrieved metrics', () => {
    // Act: backlog and in-flight per service (500 queries), cpu and recommendations by SEARCH.
    const plan = buildMetricQueries(targets(250), config, now);
    // Assess: 1000 metrics in all, so 2 calls.
    expect(plan.batches).toHaveLength(2);
    expect(plan.batches.every((batch) => batch.length <= 500)).toBe(true);
    expect(plan.batches.map((batch) => retrievedMetrics(plan, batch))).toEqual([500, 500]);
    const perService = plan.batches.flat().filter((q) => q.Id.startsWith('s125_'));
    expect(perService.map((q) => plan.batches.findIndex((b) => b.includes(q)))).toEqual([1, 1]);
  });

  it('escapes exact-match characters, and reads per service a metric a SEARCH cannot quote', () => {
    // Prepare
    // biome-ignore lint/suspicious/noTemplateCurlyInString: config placeholders, filled per service
    const ownDimensions = { ClusterName: '${cluster}', ServiceName: '${service}' };
    const custom = (metricName: string) => ({
      kind: 'custom',
      metric: { namespace: 'App', metricName, dimensions: ownDimensions },
      targetType: 'Value',
      target: 5,
    });
    const rule = scaleServiceRuleSchema.parse({
      match: { service: '*' },
      max: 10,
      metrics: [custom('Lag (s)'), custom("it's")],
    });
    // Act
    const plan = buildMetricQueries(targets(1, rule), config, now);
    // Assess
    expect(expressions(plan)).toContain(
      `SEARCH('{"App",ClusterName,ServiceName} MetricName="Lag \\(s\\)" ClusterName="prod" (ServiceName="svc-0")', 'Average', 60)`,
    );
    expect(plan.batches[0]?.find((q) => q.Id === 's0_m1')?.MetricStat?.Metric.MetricName).toBe(
      "it's",
    );
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
    expect(plan.batches[0]?.find((q) => q.Id === 's0_m0')?.MetricStat).toMatchObject({
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
  it('maps plain results by id and SEARCH series by label back to services', () => {
    // Prepare
    const plan = buildMetricQueries(targets(2), config, now);
    const at = (seconds: number) => now - seconds * 1000;
    const results = [
      { Id: 'x0', Label: 'prod/svc-0', Timestamps: [at(60), at(120)], Values: [71.5, 20] },
      { Id: 's0_m1', Timestamps: [at(60)], Values: [40] },
      { Id: 's0_m1_p1', Timestamps: [at(60)], Values: [2] },
      { Id: 'x1', Label: 'prod/svc-0', Timestamps: [at(60), at(120)], Values: [3, 4] },
      { Id: 'x1', Label: 'prod/svc-0', Timestamps: [at(180)], Values: [5] },
      { Id: 'x1', Label: 'prod/other', Timestamps: [at(60)], Values: [9] },
      { Id: 'x0', Label: 'prod/svc-1', Timestamps: [at(900)], Values: [99] },
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
      recommendationsFound: true,
    });
    // A stale cpu datapoint and a backlog without its in-flight part are both missing.
    expect(readings['prod/svc-1']?.metrics).toEqual([undefined, undefined]);
  });

  it('holds scale-in, not scale-out, for a service whose history SEARCH did not find yet', () => {
    // Prepare
    const plan = buildMetricQueries(targets(1), config, now);
    const results = [{ Id: 'x1', Label: 'prod/svc-0', Timestamps: [], Values: [] }];
    // Act
    const found = readMetricResults(results, plan.index, now)['prod/svc-0'];
    const unknown = readMetricResults([], plan.index, now)['prod/svc-0'];
    // Assess
    expect(found?.recommendationsHistory).toEqual([]);
    expect(unknown?.recommendationsFound).toBe(false);
    expect(unknown?.recommendationsHistory).toEqual([{ timestamp: now, value: 5000 }]);
  });
});
