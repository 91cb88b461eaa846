import { describe, expect, it } from 'vitest';
import { scaleServiceRuleSchema } from '../../../../shared/config/scale-section.ts';
import {
  buildMetricQueries,
  type ScaleTarget,
} from '../../../../shared/scale/policy/build-metric-queries.ts';
import {
  applyQueueBacklogs,
  listQueueReads,
} from '../../../../shared/scale/policy/plan-queue-reads.ts';
import { readMetricResults } from '../../../../shared/scale/policy/read-metric-results.ts';

const now = Date.parse('2025-01-01T12:00:30Z');
const rule = scaleServiceRuleSchema.parse({
  match: { service: '*' },
  max: 10,
  metrics: [
    { kind: 'cpu', targetPercent: 50, periodSeconds: 20 },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a config placeholder, filled per service
    { kind: 'sqs-backlog', queueName: '${service}-jobs', targetPerTask: 10, includeInFlight: true },
    { kind: 'sqs-backlog', queueName: 'shared-jobs', targetPerTask: 10 },
  ],
});
const targets = (names: string[]): ScaleTarget[] =>
  names.map((serviceName) => ({ clusterName: 'prod', serviceName, rule }));
const searches = (plan: ReturnType<typeof buildMetricQueries>) =>
  plan.batches.flat().flatMap((q) => (q.Expression?.startsWith('SEARCH(') ? [q.Expression] : []));

describe('buildMetricQueries for sub-minute evaluations', () => {
  it('reads a 20-second ECS metric at its period and no queue metric from CloudWatch', () => {
    // Act
    const plan = buildMetricQueries(
      targets(['a', 'b']),
      { recommendationNamespace: 'NS', evaluationIntervalSeconds: 20 },
      now,
    );
    // Assess: CPU at 20 s; the read-backs at the evaluation interval; no AWS/SQS query at all.
    const all = searches(plan);
    expect(all.find((e) => e.includes('CPUUtilization'))).toMatch(/'Average', 20\)$/);
    expect(all.find((e) => e.includes('RecommendedTaskCount'))).toMatch(/'Maximum', 20\)$/);
    expect(JSON.stringify(plan.batches)).not.toContain('AWS/SQS');
    expect(plan.index.metricCounts).toEqual({ 'prod/a': 3, 'prod/b': 3 });
  });

  it('reads back the desired counts once a rate-policy period outlasts the evaluation interval', () => {
    // Act: the default policies' 60-s period.
    const everyMinute = buildMetricQueries(targets(['a']), { recommendationNamespace: 'NS' }, now);
    const every20s = buildMetricQueries(
      targets(['a']),
      { recommendationNamespace: 'NS', evaluationIntervalSeconds: 20 },
      now,
    );
    // Assess
    const desired = (plan: typeof everyMinute) =>
      searches(plan).filter((e) => e.includes('DesiredTaskCount'));
    expect(desired(everyMinute)).toEqual([]);
    expect(desired(every20s)).toEqual([expect.stringMatching(/'Maximum', 20\)$/)]);
  });
});

describe('listQueueReads and applyQueueBacklogs', () => {
  it('reads each service’s own queue and puts visible (+ in flight) into its metric slot', () => {
    // Prepare
    const reads = listQueueReads(targets(['a', 'b']));
    const plan = buildMetricQueries(targets(['a', 'b']), { recommendationNamespace: 'NS' }, now);
    const empty = readMetricResults([], plan.index, now);
    const backlogs = new Map([
      ['a-jobs', { visible: 40, inFlight: 5 }],
      ['b-jobs', undefined],
      ['shared-jobs', { visible: 7, inFlight: 100 }],
    ]);
    // Act
    const readings = applyQueueBacklogs(empty, reads, backlogs);
    // Assess: in flight counted only where the rule says so; a failed read stays missing.
    expect(reads.map((r) => r.queueName)).toEqual([
      'a-jobs',
      'shared-jobs',
      'b-jobs',
      'shared-jobs',
    ]);
    expect(readings['prod/a']?.metrics).toEqual([undefined, 45, 7]);
    expect(readings['prod/b']?.metrics).toEqual([undefined, undefined, 7]);
    expect(empty['prod/a']?.metrics).toEqual([undefined, undefined, undefined]);
  });
});
