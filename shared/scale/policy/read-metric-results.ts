import { MAX_TASKS_PER_SERVICE } from '../../config/scale-section.ts';
import type { MetricQueryIndex, MetricQueryRef } from './build-metric-queries.ts';
import type { TimedValue } from './scale-types.ts';

/** The subset of the SDK's MetricDataResult this module reads (same field names). */
export type MetricDataResultLike = {
  Id?: string;
  /** Tells apart the series one SEARCH query returns (see SERVICE_SERIES_LABEL). */
  Label?: string;
  /** Epoch milliseconds. */
  Timestamps?: readonly number[];
  Values?: readonly number[];
  StatusCode?: string;
};

/** One service's inputs for {@link decideScale}. */
export type ServiceMetricReadings = {
  /** Latest fresh value per metric of the rule, by index; undefined when missing. */
  metrics: (number | undefined)[];
  recommendationsHistory: TimedValue[];
  desiredHistory: TimedValue[];
  /**
   * False when CloudWatch returned no recommendation series for the service: SEARCH only finds
   * metrics some minutes after their first datapoint, so the history is unknown, not empty.
   */
  recommendationsFound: boolean;
};

/**
 * Maps GetMetricData results (every page of every batch, concatenated) back to services: plain
 * queries by their Id, SEARCH series by their Id and Label.
 *
 * A metric's value is its newest datapoint no older than its `maxAgeSeconds`; a metric made of
 * several returned queries (queue backlog plus in-flight) is their sum and is missing when any
 * part is missing, because half a backlog would under-scale.
 *
 * A service whose recommendation history was not found gets one sample at `now` above any task
 * count: the scale-down window then holds the current count (no scale-in until the history is
 * readable, as a fresh HPA would not either), while a scale-up is unaffected. A scale-down
 * window of 0 excludes the sample, as the operator asked for no stabilization.
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
      recommendationsFound: false,
    };
  }
  const points = collectPoints(results, index);
  const parts: Record<string, { sum: number; seen: number }> = {};
  const read = (ref: MetricQueryRef, seriesKey: string) => {
    const reading = readings[ref.serviceKey];
    const series = points.get(seriesKey);
    if (reading === undefined) return;
    if (ref.role === 'recommendation' && series !== undefined) {
      reading.recommendationsFound = true;
      reading.recommendationsHistory.push(...series);
    }
    if (ref.role === 'desired') reading.desiredHistory.push(...(series ?? []));
    if (ref.role !== 'metric') return;
    const newest = (series ?? [])
      .filter((p) => p.timestamp >= now - ref.maxAgeSeconds * 1000)
      .reduce<TimedValue | undefined>(
        (best, p) => (best === undefined || p.timestamp > best.timestamp ? p : best),
        undefined,
      );
    const key = `${ref.serviceKey}#${ref.metricIndex}`;
    const acc = parts[key] ?? { sum: 0, seen: 0 };
    parts[key] = acc;
    if (newest === undefined) return;
    acc.sum += newest.value;
    acc.seen += 1;
    if (acc.seen === ref.parts) reading.metrics[ref.metricIndex] = acc.sum;
  };

  for (const [id, ref] of Object.entries(index.refs)) {
    if (ref.role !== 'search') read(ref, id);
    else for (const [label, member] of Object.entries(ref.members)) read(member, `${id}\n${label}`);
  }
  for (const reading of Object.values(readings)) {
    if (reading.recommendationsFound) continue;
    reading.recommendationsHistory.push({ timestamp: now, value: MAX_TASKS_PER_SERVICE });
  }
  return readings;
}

/** Datapoints per series (Id, plus Label for SEARCH), merged across pages, finite values only. */
function collectPoints(
  results: readonly MetricDataResultLike[],
  index: MetricQueryIndex,
): Map<string, TimedValue[]> {
  const points = new Map<string, TimedValue[]>();
  for (const result of results) {
    if (result.Id === undefined) continue;
    const isSearch = index.refs[result.Id]?.role === 'search';
    const key = isSearch ? `${result.Id}\n${result.Label ?? ''}` : result.Id;
    const series = points.get(key) ?? [];
    points.set(key, series);
    const values = result.Values ?? [];
    (result.Timestamps ?? []).forEach((timestamp, i) => {
      const value = values[i];
      if (value !== undefined && Number.isFinite(value)) {
        series.push({ timestamp, value });
      }
    });
  }
  return points;
}
