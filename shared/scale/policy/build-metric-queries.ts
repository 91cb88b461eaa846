import type { ScaleConfig, ScaleServiceRule } from '../../config/scale-section.ts';
import { compileMetricQueries, type MetricDataQueryLike } from './compile-metric-queries.ts';
import {
  isSearchable,
  type PlannedQuery,
  packSearchQueries,
  type SearchGroup,
  type ServiceMetricStat,
} from './pack-search-queries.ts';
import { getScaleServiceKey } from './select-scale-rule.ts';

export type { MetricDataQueryLike } from './compile-metric-queries.ts';
export type { PlannedQuery } from './pack-search-queries.ts';

/** GetMetricData accepts at most this many queries (metrics and expressions) per call. */
export const MAX_QUERIES_PER_CALL = 500;
/**
 * GetMetricData retrieves at most this many metrics per call, every series a SEARCH returns
 * included; beyond it CloudWatch answers `MaxMetricsExceeded` with partial data.
 */
export const MAX_METRICS_PER_CALL = 500;
/** Metric names published per service in `recommendationNamespace`. */
export const RECOMMENDATION_METRIC_NAME = 'RecommendedTaskCount';
export const DESIRED_METRIC_NAME = 'DesiredTaskCount';

/** A selected service and the rule that matched it. */
export type ScaleTarget = { clusterName: string; serviceName: string; rule: ScaleServiceRule };

/** What a returned series stands for. */
export type MetricQueryRef =
  | {
      serviceKey: string;
      role: 'metric';
      metricIndex: number;
      parts: number;
      maxAgeSeconds: number;
    }
  | { serviceKey: string; role: 'recommendation' }
  | { serviceKey: string; role: 'desired' };

/** A SEARCH query: each series it returns maps to a member by its label (`cluster/service`). */
export type SearchQueryRef = { role: 'search'; members: Record<string, MetricQueryRef> };

/** Maps query ids back to services; `metricCounts` sizes each service's value list. */
export type MetricQueryIndex = {
  refs: Record<string, MetricQueryRef | SearchQueryRef>;
  metricCounts: Record<string, number>;
};

/** The GetMetricData calls of one tick. */
export type MetricQueryPlan = {
  /**
   * One GetMetricData call per batch, each within 500 queries and 500 retrieved metrics; a
   * service's own queries never straddle two batches.
   */
  batches: PlannedQuery[][];
  index: MetricQueryIndex;
  /** Epoch ms: the window every call must request (StartTime / EndTime). */
  startTime: number;
  endTime: number;
};

/** The options of {@link buildMetricQueries}: where the read-backs live, and how often they are written. */
export type MetricQueryConfig = Pick<ScaleConfig, 'recommendationNamespace'> &
  Partial<Pick<ScaleConfig, 'evaluationIntervalSeconds'>>;

/** Whether a metric is read straight from its SQS queue rather than from CloudWatch. */
export function isQueueRead(metric: ScaleServiceRule['metrics'][number]): boolean {
  return metric.kind === 'sqs-backlog' && metric.source === 'queue';
}

/**
 * Plans the GetMetricData calls for every selected service: its metrics (but the queue backlogs
 * read straight from SQS), the read-back of the recommendations it published (Maximum, plus Minimum when a scale-up window is set, so both
 * stabilization directions stay exact when two ticks share a minute), and of its published
 * desired counts when a rate-policy period is longer than one tick.
 *
 * Every metric that exists once per service under exactly the ClusterName and ServiceName
 * dimensions (cpu, memory, the read-backs, such custom metrics) is read for many services by
 * one SEARCH expression per cluster and 1024 characters (about 30 services); other metrics take
 * their own queries. Calls are bounded by metrics retrieved, not queries: 250 services with two
 * metrics and the read-back retrieve 750 metrics, so 2 calls (27 queries).
 *
 * @param options.readBacks false to leave out the read-backs: the later evaluations of one
 *   invocation reuse the first one's (what earlier invocations published does not change within a
 *   minute, and the invocation's own evaluations are known without CloudWatch), which saves a
 *   GetMetricData metric or two per service and evaluation.
 * @returns batches of at most 500 queries, the id index, and the time window to request.
 * @throws never.
 */
export function buildMetricQueries(
  services: readonly ScaleTarget[],
  config: MetricQueryConfig,
  now: number,
  options: { readBacks?: boolean } = {},
): MetricQueryPlan {
  // The read-backs are written once per evaluation: a rate-policy period no longer than that
  // needs no history (see calculateRateLimit), and sub-minute evaluations read them at their own
  // period (they are published at high resolution then).
  const tickSeconds = config.evaluationIntervalSeconds ?? 60;
  const refs: MetricQueryIndex['refs'] = {};
  const metricCounts: Record<string, number> = {};
  const groups = new Map<string, SearchGroup<MetricQueryRef>>();
  const serviceQueries: MetricDataQueryLike[][] = [];
  let lookbackSeconds = 300;
  const search = (target: ScaleTarget, metric: ServiceMetricStat, ref: MetricQueryRef) => {
    const key = JSON.stringify([metric, target.clusterName]);
    const group = groups.get(key) ?? {
      metric,
      clusterName: target.clusterName,
      members: new Map(),
    };
    groups.set(key, group);
    group.members.set(target.serviceName, ref);
  };

  services.forEach((target, serviceIndex) => {
    const serviceKey = getScaleServiceKey(target);
    const { rule } = target;
    const queries: MetricDataQueryLike[] = [];
    metricCounts[serviceKey] = rule.metrics.length;
    rule.metrics.forEach((metric, metricIndex) => {
      // Read straight from SQS by the gather step; only its slot in the readings is kept here.
      if (isQueueRead(metric)) return;
      const compiled = compileMetricQueries(metric, target, `s${serviceIndex}_m${metricIndex}`);
      const { maxAgeSeconds } = metric;
      const ref = (parts: number) =>
        ({ serviceKey, role: 'metric', metricIndex, parts, maxAgeSeconds }) as const;
      lookbackSeconds = Math.max(lookbackSeconds, maxAgeSeconds);
      const [only] = compiled.queries;
      const perService =
        compiled.queries.length === 1 && only ? asServiceMetric(only, target) : undefined;
      if (perService) {
        search(target, perService, ref(1));
        return;
      }
      queries.push(...compiled.queries);
      for (const id of compiled.returnedIds) refs[id] = ref(compiled.returnedIds.length);
    });
    if (queries.length > 0) serviceQueries.push(queries);
    // A later evaluation of the invocation reuses its first one's read-backs (see planScaleTick).
    if (options.readBacks === false) return;

    const own = (metricName: string, stat: string): ServiceMetricStat => ({
      namespace: config.recommendationNamespace,
      metricName,
      stat,
      periodSeconds: tickSeconds,
    });
    const { scaleUp, scaleDown } = rule.behavior;
    search(target, own(RECOMMENDATION_METRIC_NAME, 'Maximum'), {
      serviceKey,
      role: 'recommendation',
    });
    if (scaleUp.stabilizationWindowSeconds > 0) {
      search(target, own(RECOMMENDATION_METRIC_NAME, 'Minimum'), {
        serviceKey,
        role: 'recommendation',
      });
    }
    const windows = [scaleUp.stabilizationWindowSeconds, scaleDown.stabilizationWindowSeconds];
    lookbackSeconds = Math.max(lookbackSeconds, ...windows);
    const periods = [...scaleUp.policies, ...scaleDown.policies].map((p) => p.periodSeconds);
    const longestPeriod = Math.max(...periods);
    if (longestPeriod > tickSeconds) {
      search(target, own(DESIRED_METRIC_NAME, 'Maximum'), { serviceKey, role: 'desired' });
      // One more sample before the period, so the first change inside it is visible.
      lookbackSeconds = Math.max(lookbackSeconds, longestPeriod + 120);
    }
  });

  const searches = packSearchQueries(groups.values(), 'x');
  for (const packed of searches)
    refs[packed.query.Id] = { role: 'search', members: packed.members };
  const batches = packBatches([
    ...searches.map((packed) => ({
      queries: [packed.query],
      metrics: Object.keys(packed.members).length,
    })),
    ...serviceQueries.map((queries) => ({
      queries,
      metrics: queries.filter((q) => q.MetricStat !== undefined).length,
    })),
  ]);

  // Whole minutes, so CloudWatch's period boundaries line up with the window.
  const endTime = Math.ceil(now / 60_000) * 60_000;
  const startTime = endTime - Math.ceil(lookbackSeconds / 60) * 60_000 - 60_000;
  return { batches, index: { refs, metricCounts }, startTime, endTime };
}

/**
 * Fills calls in order within both limits, never splitting a group (its ids refer to each
 * other). A SEARCH weighs the metrics it returns, a MetricStat one, a math expression none.
 */
function packBatches(groups: readonly { queries: PlannedQuery[]; metrics: number }[]) {
  const batches: PlannedQuery[][] = [];
  let batch: PlannedQuery[] = [];
  let metrics = 0;
  for (const group of groups) {
    const full =
      batch.length + group.queries.length > MAX_QUERIES_PER_CALL ||
      metrics + group.metrics > MAX_METRICS_PER_CALL;
    if (full && batch.length > 0) {
      batches.push(batch);
      batch = [];
      metrics = 0;
    }
    batch.push(...group.queries);
    metrics += group.metrics;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** The query as a per-service metric SEARCH can read, or undefined when it is not one. */
function asServiceMetric(
  query: MetricDataQueryLike,
  target: ScaleTarget,
): ServiceMetricStat | undefined {
  const stat = query.MetricStat;
  if (stat === undefined || !query.ReturnData) return undefined;
  const dims = stat.Metric.Dimensions;
  const value = (name: string) => dims.find((d) => d.Name === name)?.Value;
  const ownDimensions =
    dims.length === 2 &&
    value('ClusterName') === target.clusterName &&
    value('ServiceName') === target.serviceName;
  const metric: ServiceMetricStat = {
    namespace: stat.Metric.Namespace,
    metricName: stat.Metric.MetricName,
    stat: stat.Stat,
    periodSeconds: stat.Period,
  };
  return ownDimensions && isSearchable(metric) ? metric : undefined;
}
