/**
 * docs/scale.md, "What sub-minute scaling costs": the calls an evaluation makes and what a month of
 * them costs, computed from the settings that decide them (the scale function's memory, timeout,
 * architecture and schedule in the packaged template; the policy's evaluation interval; the query
 * plan the function itself builds), so the table cannot drift from the code. `npm run docs`
 * renders it; a meta-test compares.
 */
import { type ScaleConfig, scaleServiceRuleSchema } from '../../shared/config/scale-section.ts';
import {
  buildMetricQueries,
  type ScaleTarget,
} from '../../shared/scale/policy/build-metric-queries.ts';
import { listQueueReads } from '../../shared/scale/policy/plan-queue-reads.ts';
import { fitsTimeBudget, planSubTickOffsets } from '../../shared/scale/policy/plan-sub-ticks.ts';

/**
 * AWS's published prices, US East (N. Virginia), first tier: Lambda duration per GB-second
 * (https://aws.amazon.com/lambda/pricing/: Arm $0.0000133334, x86 $0.0000166667) and requests
 * ($0.20 per million); CloudWatch GetMetricData $0.01 per 1,000 metrics requested and other API
 * requests (PutMetricData) $0.01 per 1,000 (https://aws.amazon.com/cloudwatch/pricing/); SQS
 * standard queue requests $0.40 per million beyond the first million a month, which this table
 * does not subtract (https://aws.amazon.com/sqs/pricing/). ECS API calls are free.
 */
export const prices = {
  lambdaGbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 },
  lambdaRequest: 0.2 / 1_000_000,
  getMetricDataMetric: 0.01 / 1_000,
  putMetricDataRequest: 0.01 / 1_000,
  sqsRequest: 0.4 / 1_000_000,
} as const;

/** createHandler stops starting work this long before Lambda's timeout. */
const safetyMarginMs = 5_000;
/**
 * How long one evaluation takes, by services: an assumption from BENCHMARKS.md section 5 (a tick
 * of 500 services took 3.4 to 3.6 s, most of it pacing DescribeServices within the function's share
 * of ECS's read bucket), scaled linearly from a floor of 0.3 s.
 */
export const evaluationSeconds = (services: number): number => 0.3 + 0.0065 * services;
const monthMinutes = 30 * 24 * 60;

/** An evaluation interval the policy accepts. */
type Interval = ScaleConfig['evaluationIntervalSeconds'];

/** The settings the table is computed from. */
export type ScaleCostSettings = {
  memoryMb: number;
  timeoutSeconds: number;
  architecture: 'arm64' | 'x86_64';
  /** Scheduled invocations a minute (`rate(1 minute)`: 1). */
  invocationsPerMinute: number;
};

/** One row: N services at one evaluation interval, a month of scheduled invocations. */
export type ScaleCostRow = {
  services: number;
  intervalSeconds: number;
  evaluationsPerInvocation: number;
  gbSeconds: number;
  metricsRequested: number;
  sqsRequests: number;
  putMetricDataRequests: number;
  dollars: number;
};

/**
 * The reference rule: each service scales on its CPU (at 20 s when the function evaluates more
 * often than once a minute, ECS's high-resolution service metrics) and on its own queue's backlog.
 */
function referenceTargets(services: number, intervalSeconds: number): ScaleTarget[] {
  const rule = scaleServiceRuleSchema.parse({
    match: { service: '*' },
    max: 100,
    metrics: [
      { kind: 'cpu', targetPercent: 60, periodSeconds: intervalSeconds < 60 ? 20 : 60 },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a config placeholder, filled per service
      { kind: 'sqs-backlog', queueName: '${service}-jobs', targetPerTask: 20 },
    ],
  });
  return Array.from({ length: services }, (_, i) => ({
    clusterName: 'prod',
    serviceName: `svc-${i}`,
    rule,
  }));
}

/** Metrics a plan's calls retrieve: a SEARCH is charged per series it returns, a MetricStat one. */
function metricsRetrieved(plan: ReturnType<typeof buildMetricQueries>): number {
  return plan.batches.flat().reduce((sum, query) => {
    const ref = plan.index.refs[query.Id];
    if (ref?.role === 'search') return sum + Object.keys(ref.members).length;
    return sum + (query.MetricStat === undefined ? 0 : 1);
  }, 0);
}

/** Evaluations a scheduled invocation makes: the planned offsets the time budget lets through. */
export function evaluationsPerInvocation(
  intervalSeconds: number,
  timeoutSeconds: number,
  services: number,
): number {
  const longest = evaluationSeconds(services) * 1000;
  const budget = timeoutSeconds * 1000 - safetyMarginMs;
  return planSubTickOffsets(intervalSeconds, 'scheduled').filter(
    (offsetMs, index) =>
      index === 0 ||
      fitsTimeBudget({
        offsetMs,
        elapsedMs: offsetMs,
        remainingMs: budget - offsetMs,
        longestEvaluationMs: longest,
      }),
  ).length;
}

/** A month of one configuration. */
export function estimateScaleCost(
  services: number,
  intervalSeconds: Interval,
  settings: ScaleCostSettings,
): ScaleCostRow {
  const targets = referenceTargets(services, intervalSeconds);
  const config = {
    recommendationNamespace: 'ECSAutopilot',
    evaluationIntervalSeconds: intervalSeconds,
  };
  // The first evaluation reads the read-backs; the later ones of the invocation reuse them.
  const firstMetrics = metricsRetrieved(buildMetricQueries(targets, config, 0));
  const laterMetrics = metricsRetrieved(
    buildMetricQueries(targets, config, 0, { readBacks: false }),
  );
  const queues = new Set(listQueueReads(targets).map((read) => read.queueName)).size;
  const evaluations = evaluationsPerInvocation(intervalSeconds, settings.timeoutSeconds, services);
  const invocations = monthMinutes * settings.invocationsPerMinute;
  const lastOffsetSeconds = (evaluations - 1) * intervalSeconds;
  const billedSeconds = lastOffsetSeconds + evaluationSeconds(services);
  const gbSeconds = invocations * billedSeconds * (settings.memoryMb / 1024);
  const monthEvaluations = invocations * evaluations;
  const metricsRequested = invocations * (firstMetrics + (evaluations - 1) * laterMetrics);
  // GetQueueUrl is cached per container: a handful a month.
  const sqsRequests = monthEvaluations * queues;
  // Two datums per service (recommendation and desired count), 1000 a call.
  const putMetricDataRequests = monthEvaluations * Math.ceil((2 * services) / 1000);
  const dollars =
    gbSeconds * prices.lambdaGbSecond[settings.architecture] +
    invocations * prices.lambdaRequest +
    metricsRequested * prices.getMetricDataMetric +
    putMetricDataRequests * prices.putMetricDataRequest +
    sqsRequests * prices.sqsRequest;
  return {
    services,
    intervalSeconds,
    evaluationsPerInvocation: evaluations,
    gbSeconds,
    metricsRequested,
    sqsRequests,
    putMetricDataRequests,
    dollars,
  };
}

const thousands = (value: number) => Math.round(value).toLocaleString('en-US');
const money = (value: number) => `$${value.toFixed(2)}`;

/** The generated section: the settings, then one row per service count and interval. */
export function renderScaleCostSection(settings: ScaleCostSettings): string {
  const rows = [10, 100, 500].flatMap((services) => {
    const base = estimateScaleCost(services, 60, settings);
    return ([60, 20, 10] as const).map((interval) => {
      const row = interval === 60 ? base : estimateScaleCost(services, interval, settings);
      const extra = interval === 60 ? '—' : money(row.dollars - base.dollars);
      return `| ${services} | ${interval} s | ${row.evaluationsPerInvocation} | ${thousands(row.gbSeconds)} | ${thousands(row.metricsRequested)} | ${thousands(row.sqsRequests)} | ${thousands(row.putMetricDataRequests)} | ${money(row.dollars)} | ${extra} |`;
    });
  });
  return [
    `Computed by \`npm run docs\` (scripts/docs/scale-cost.ts) from the deployed settings: ${settings.memoryMb} MB, ${settings.architecture}, timeout ${settings.timeoutSeconds} s, ${settings.invocationsPerMinute} scheduled invocation a minute (30-day month); each service scales on its CPU and its own queue; an evaluation of N services is taken to last ${evaluationSeconds(0).toFixed(1)} + ${(evaluationSeconds(1) - evaluationSeconds(0)).toFixed(4)} × N s (BENCHMARKS.md section 5). Prices: US East (N. Virginia), first tier, free tiers not subtracted.`,
    '',
    '| services | interval | evaluations / invocation | Lambda GB-s | GetMetricData metrics | SQS requests | PutMetricData requests | per month | extra vs 60 s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
