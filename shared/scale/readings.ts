import { getMetricDataSeries } from '../aws/cloudwatch-metrics.ts';
import type { ScaleConfig } from '../config/scale-section.ts';
import type { ScaleServiceFacts } from './inventory.ts';
import { buildMetricQueries, type MetricQueryPlan } from './policy/build-metric-queries.ts';
import { readMetricResults, type ServiceMetricReadings } from './policy/read-metric-results.ts';

/** One tick's metric readings per service, and the GetMetricData calls that read them. */
export type ScaleReadings = {
  /** One GetMetricData call per batch (empty when no service is selected), for the report. */
  batches: MetricQueryPlan['batches'];
  /** Readings by service key (`cluster/service`). */
  readings: Record<string, ServiceMetricReadings>;
};

/**
 * Reads every selected service's metrics and the recommendations and desired counts earlier
 * ticks published, in ⌈retrieved metrics / 500⌉ GetMetricData calls, and maps the results back
 * to services. No call at all when no service is selected.
 *
 * @returns the readings by service key and the batches sent.
 * @throws AwsCallError when GetMetricData fails. Requires cloudwatch:GetMetricData.
 */
export async function gatherScaleReadings(
  services: readonly ScaleServiceFacts[],
  config: Pick<ScaleConfig, 'recommendationNamespace'>,
  now: number,
): Promise<ScaleReadings> {
  const plan = buildMetricQueries(
    services.map((facts) => facts.target),
    config,
    now,
  );
  const range = { start: new Date(plan.startTime), end: new Date(plan.endTime) };
  const series = services.length > 0 ? await getMetricDataSeries(plan.batches, range) : [];
  return {
    batches: services.length > 0 ? plan.batches : [],
    readings: readMetricResults(series, plan.index, now),
  };
}
