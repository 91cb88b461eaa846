import type { ScaleConfig, ScaleServiceRule } from '../../config/scale-section.ts';
import { compileMetricQueries, type MetricDataQueryLike } from './compile-metric-queries.ts';
import { getScaleServiceKey } from './select-scale-rule.ts';

export type { MetricDataQueryLike } from './compile-metric-queries.ts';

/** GetMetricData accepts at most this many queries (metrics and expressions) per call. */
export const MAX_QUERIES_PER_CALL = 500;
/** Metric names published per service in `recommendationNamespace`. */
export const RECOMMENDATION_METRIC_NAME = 'RecommendedTaskCount';
export const DESIRED_METRIC_NAME = 'DesiredTaskCount';

/** A selected service and the rule that matched it. */
export type ScaleTarget = { clusterName: string; serviceName: string; rule: ScaleServiceRule };

/** What a returned query id stands for. */
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

/** Maps query ids back to services; `metricCounts` sizes each service's value list. */
export type MetricQueryIndex = {
  refs: Record<string, MetricQueryRef>;
  metricCounts: Record<string, number>;
};

/** The GetMetricData calls of one tick. */
export type MetricQueryPlan = {
  /** One GetMetricData call per batch; a service's queries never straddle two batches. */
  batches: MetricDataQueryLike[][];
  index: MetricQueryIndex;
  /** Epoch ms: the window every call must request (StartTime / EndTime). */
  startTime: number;
  endTime: number;
};

// A rate-policy period no longer than one tick needs no history (see calculateRateLimit).
const TICK_SECONDS = 60;

/**
 * Plans the GetMetricData calls for every selected service: its metrics, the read-back of the
 * recommendations it published (Maximum, plus Minimum when a scale-up window is set, so both
 * stabilization directions stay exact when two ticks share a minute), and of its published
 * desired counts when a rate-policy period is longer than one tick.
 *
 * @returns batches of at most 500 queries, the id index, and the time window to request.
 * @throws never.
 */
export function buildMetricQueries(
  services: readonly ScaleTarget[],
  config: Pick<ScaleConfig, 'recommendationNamespace'>,
  now: number,
): MetricQueryPlan {
  const refs: Record<string, MetricQueryRef> = {};
  const metricCounts: Record<string, number> = {};
  const batches: MetricDataQueryLike[][] = [];
  let batch: MetricDataQueryLike[] = [];
  let lookbackSeconds = 300;

  services.forEach((target, serviceIndex) => {
    const serviceKey = getScaleServiceKey(target);
    const prefix = `s${serviceIndex}`;
    const { rule } = target;
    const queries: MetricDataQueryLike[] = [];
    metricCounts[serviceKey] = rule.metrics.length;
    rule.metrics.forEach((metric, metricIndex) => {
      const compiled = compileMetricQueries(metric, target, `${prefix}_m${metricIndex}`);
      queries.push(...compiled.queries);
      for (const id of compiled.returnedIds) {
        refs[id] = {
          serviceKey,
          role: 'metric',
          metricIndex,
          parts: compiled.returnedIds.length,
          maxAgeSeconds: metric.maxAgeSeconds,
        };
      }
      lookbackSeconds = Math.max(lookbackSeconds, metric.maxAgeSeconds);
    });

    const own = (metricName: string, id: string, stat: string): MetricDataQueryLike => ({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: config.recommendationNamespace,
          MetricName: metricName,
          Dimensions: [
            { Name: 'ClusterName', Value: target.clusterName },
            { Name: 'ServiceName', Value: target.serviceName },
          ],
        },
        Period: TICK_SECONDS,
        Stat: stat,
      },
      ReturnData: true,
    });
    const { scaleUp, scaleDown } = rule.behavior;
    queries.push(own(RECOMMENDATION_METRIC_NAME, `${prefix}_rmax`, 'Maximum'));
    refs[`${prefix}_rmax`] = { serviceKey, role: 'recommendation' };
    if (scaleUp.stabilizationWindowSeconds > 0) {
      queries.push(own(RECOMMENDATION_METRIC_NAME, `${prefix}_rmin`, 'Minimum'));
      refs[`${prefix}_rmin`] = { serviceKey, role: 'recommendation' };
    }
    const windows = [scaleUp.stabilizationWindowSeconds, scaleDown.stabilizationWindowSeconds];
    lookbackSeconds = Math.max(lookbackSeconds, ...windows);
    const periods = [...scaleUp.policies, ...scaleDown.policies].map((p) => p.periodSeconds);
    const longestPeriod = Math.max(...periods);
    if (longestPeriod > TICK_SECONDS) {
      queries.push(own(DESIRED_METRIC_NAME, `${prefix}_dh`, 'Maximum'));
      refs[`${prefix}_dh`] = { serviceKey, role: 'desired' };
      // One more sample before the period, so the first change inside it is visible.
      lookbackSeconds = Math.max(lookbackSeconds, longestPeriod + 2 * TICK_SECONDS);
    }

    if (batch.length + queries.length > MAX_QUERIES_PER_CALL) {
      batches.push(batch);
      batch = [];
    }
    batch.push(...queries);
  });
  if (batch.length > 0) batches.push(batch);

  // Whole minutes, so CloudWatch's period boundaries line up with the window.
  const endTime = Math.ceil(now / 60_000) * 60_000;
  const startTime = endTime - Math.ceil(lookbackSeconds / 60) * 60_000 - 60_000;
  return { batches, index: { refs, metricCounts }, startTime, endTime };
}
