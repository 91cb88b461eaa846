import { DESIRED_METRIC_NAME, RECOMMENDATION_METRIC_NAME } from './build-metric-queries.ts';
import type { ScaleDecision } from './scale-types.ts';

/** The subset of the SDK's MetricDatum this module produces (same names; time in epoch ms). */
export type MetricDatumLike = {
  MetricName: string;
  Dimensions: { Name: string; Value: string }[];
  Timestamp: number;
  Value: number;
  Unit: 'Count';
  /** 1: stored at one-second resolution (sub-minute evaluations read them back at their period). */
  StorageResolution?: 1;
};

/**
 * Builds the datapoints a tick publishes (PutMetricData, in `recommendationNamespace`) so the
 * next ticks can stabilize and rate-limit without state: the raw recommendation, when the
 * decision made one, and the service's desiredCount after this tick.
 *
 * @param options.desiredCountAfterTick the count the service has now: the decision's
 *   desiredCount when it was applied, the current count under dry-run, a guard or a failure,
 *   so that the rate policies count only changes that really happened.
 * @param options.highResolution publish with StorageResolution 1, for evaluations more often than
 *   once a minute: a standard-resolution metric is stored a minute at a time, which would date an
 *   evaluation's sample up to 59 s early and let a rate-policy period forget it that much sooner.
 * @returns zero to two datums for one service.
 * @throws never.
 */
export function buildRecommendationData(
  decision: ScaleDecision,
  options: { desiredCountAfterTick: number; now: number; highResolution?: boolean },
): MetricDatumLike[] {
  const Dimensions = [
    { Name: 'ClusterName', Value: decision.clusterName },
    { Name: 'ServiceName', Value: decision.serviceName },
  ];
  const Timestamp = options.now;
  const resolution = options.highResolution === true ? { StorageResolution: 1 as const } : {};
  const data: MetricDatumLike[] = [];
  if (decision.recommendation !== undefined) {
    const Value = decision.recommendation;
    data.push({
      MetricName: RECOMMENDATION_METRIC_NAME,
      Dimensions,
      Timestamp,
      Value,
      Unit: 'Count',
      ...resolution,
    });
  }
  const Value = options.desiredCountAfterTick;
  data.push({
    MetricName: DESIRED_METRIC_NAME,
    Dimensions,
    Timestamp,
    Value,
    Unit: 'Count',
    ...resolution,
  });
  return data;
}
