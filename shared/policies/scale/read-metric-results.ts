import type { MetricQueryIndex } from './build-metric-queries.ts';
import type { TimedValue } from './scale-types.ts';

/** The subset of the SDK's MetricDataResult this module reads (same field names). */
export type MetricDataResultLike = {
  Id?: string;
  Timestamps?: readonly Date[];
  Values?: readonly number[];
  StatusCode?: string;
};

/** One service's inputs for {@link decideScale}. */
export type ServiceMetricReadings = {
  /** Latest fresh value per metric of the rule, by index; undefined when missing. */
  metrics: (number | undefined)[];
  recommendationsHistory: TimedValue[];
  desiredHistory: TimedValue[];
};

/**
 * Maps GetMetricData results (every page of every batch, concatenated) back to services.
 *
 * A metric's value is its newest datapoint no older than its `maxAgeSeconds`; a metric made of
 * several returned queries (queue backlog plus in-flight) is their sum and is missing when any
 * part is missing, because half a backlog would under-scale.
 *
 * @returns readings for every service in the index, even those without any datapoint.
 * @throws never.
 */
export function readMetricResults(
  results: readonly MetricDataResultLike[],
  index: MetricQueryIndex,
  now: number,
): Record<string, ServiceMetricReadings> {
  const readings: Record<string, ServiceMetricReadings> = {};
  for (const [serviceKey, count] of Object.entries(index.metricCounts)) {
    readings[serviceKey] = {
      metrics: Array.from({ length: count }, () => undefined),
      recommendationsHistory: [],
      desiredHistory: [],
    };
  }
  const points = collectPoints(results);
  const parts: Record<string, { sum: number; seen: number; parts: number }> = {};

  for (const [id, ref] of Object.entries(index.refs)) {
    const reading = readings[ref.serviceKey];
    const series = points.get(id) ?? [];
    if (reading === undefined) continue;
    if (ref.role === 'recommendation') reading.recommendationsHistory.push(...series);
    if (ref.role === 'desired') reading.desiredHistory.push(...series);
    if (ref.role !== 'metric') continue;
    const fresh = series.filter((p) => p.timestamp >= now - ref.maxAgeSeconds * 1000);
    const newest = fresh.reduce<TimedValue | undefined>(
      (best, p) => (best === undefined || p.timestamp > best.timestamp ? p : best),
      undefined,
    );
    const key = `${ref.serviceKey}#${ref.metricIndex}`;
    const acc = parts[key] ?? { sum: 0, seen: 0, parts: ref.parts };
    parts[key] = acc;
    if (newest === undefined) continue;
    acc.sum += newest.value;
    acc.seen += 1;
    if (acc.seen === acc.parts) reading.metrics[ref.metricIndex] = acc.sum;
  }
  return readings;
}

/** Datapoints per query id, merged across pages, keeping only finite values. */
function collectPoints(results: readonly MetricDataResultLike[]): Map<string, TimedValue[]> {
  const points = new Map<string, TimedValue[]>();
  for (const result of results) {
    if (result.Id === undefined) continue;
    const series = points.get(result.Id) ?? [];
    points.set(result.Id, series);
    const values = result.Values ?? [];
    (result.Timestamps ?? []).forEach((timestamp, i) => {
      const value = values[i];
      if (value !== undefined && Number.isFinite(value)) {
        series.push({ timestamp: timestamp.getTime(), value });
      }
    });
  }
  return points;
}
