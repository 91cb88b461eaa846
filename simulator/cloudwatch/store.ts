import { isBeyondSubMinuteWindow } from './periods.ts';

/**
 * CloudWatch metric storage: datapoints (raw values or statistic sets) per metric identity, and
 * optional generators that produce a value for any minute, so large scenarios need no bulk data.
 */

export type Dimensions = Record<string, string>;
export type MetricKey = { namespace: string; metricName: string; dimensions: Dimensions };
export type Datapoint = {
  at: number;
  sampleCount: number;
  sum: number;
  min: number;
  max: number;
  /** Simulator time from which a read sees it (PutMetricData's ingestion delay); absent: at once. */
  visibleFrom?: number;
};
/** Returns the metric's value at `atMs`, or undefined for "no datapoint". */
export type MetricGenerator = (atMs: number) => number | undefined;

type Series = {
  key: MetricKey;
  points: Datapoint[];
  generator?: { fn: MetricGenerator; everyMs: number; availableAfterMs: number };
};

/**
 * Values of every metric of one name, whatever its dimensions (for example each task's
 * Container Insights series, keyed by TaskId): undefined for "no datapoint".
 */
export type DimensionedGenerator = (dimensions: Dimensions, atMs: number) => number | undefined;

export type MetricStore = {
  series: Map<string, Series>;
  /** By `namespace|metricName`: answers a metric with no series of its own. */
  families: Map<string, DimensionedGenerator>;
};

export const statistics = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'] as const;
export type Statistic = (typeof statistics)[number];

/** Creates an empty store. */
export function createMetricStore(): MetricStore {
  return { series: new Map(), families: new Map() };
}

/**
 * Makes every metric of a namespace and name a function of its dimensions and time, sampled
 * every minute: a family of series no scenario has to list one by one (a task's metrics exist
 * for as long as the task does).
 */
export function defineFamily(
  store: MetricStore,
  family: { namespace: string; metricName: string },
  fn: DimensionedGenerator,
): void {
  store.families.set(`${family.namespace}|${family.metricName}`, fn);
}

/** A metric's identity: namespace, name and the exact set of dimensions (order-free). */
export function metricId(key: MetricKey): string {
  const dims = Object.entries(key.dimensions)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`);
  return [key.namespace, key.metricName, ...dims].join('|');
}

function seriesOf(store: MetricStore, key: MetricKey): Series {
  const id = metricId(key);
  const existing = store.series.get(id);
  if (existing) return existing;
  const created: Series = { key, points: [] };
  store.series.set(id, created);
  return created;
}

/** Records one datapoint (a single value is a statistic set of one sample). */
export function putDatapoint(store: MetricStore, key: MetricKey, point: Datapoint): void {
  seriesOf(store, key).points.push(point);
}

/** A datapoint holding one value. */
export function singleValue(at: number, value: number): Datapoint {
  return { at, sampleCount: 1, sum: value, min: value, max: value };
}

/**
 * Makes the metric's value a function of time, sampled every `everyMs` (default a minute). A
 * sample stamped `at` is readable from `at + availableAfterMs` on (default at once): a service
 * publishes a period's datapoint only after the period, and CloudWatch takes a moment more.
 */
export function defineGenerator(
  store: MetricStore,
  key: MetricKey,
  fn: MetricGenerator,
  options: { everyMs?: number; availableAfterMs?: number } = {},
): void {
  seriesOf(store, key).generator = {
    fn,
    everyMs: options.everyMs ?? 60_000,
    availableAfterMs: options.availableAfterMs ?? 0,
  };
}

export type AggregateOptions = {
  startMs: number;
  endMs: number;
  periodMs: number;
  stat: Statistic;
  now: number;
};

/**
 * Aggregates a metric into period buckets aligned to the epoch, in [start, end) and never past
 * `now`; returns bucket start → value for buckets that have data. A sub-minute period whose start
 * is more than three hours back returns nothing, as CloudWatch does.
 */
export function aggregate(store: MetricStore, key: MetricKey, options: AggregateOptions) {
  const buckets = new Map<number, Datapoint>();
  if (isBeyondSubMinuteWindow(options.periodMs, options.startMs, options.now)) return new Map();
  const family = store.families.get(`${key.namespace}|${key.metricName}`);
  const series =
    store.series.get(metricId(key)) ??
    (family
      ? {
          key,
          points: [],
          generator: {
            fn: (at: number) => family(key.dimensions, at),
            everyMs: 60_000,
            availableAfterMs: 0,
          },
        }
      : undefined);
  if (!series) return new Map<number, number>();
  const add = (point: Datapoint) => {
    if (point.at < options.startMs || point.at >= options.endMs || point.at > options.now) return;
    if (point.visibleFrom !== undefined && point.visibleFrom > options.now) return;
    const bucket = Math.floor(point.at / options.periodMs) * options.periodMs;
    const current = buckets.get(bucket);
    if (!current) buckets.set(bucket, { ...point, at: bucket, visibleFrom: undefined });
    else {
      current.sampleCount += point.sampleCount;
      current.sum += point.sum;
      current.min = Math.min(current.min, point.min);
      current.max = Math.max(current.max, point.max);
    }
  };
  for (const point of series.points) add(point);
  const generator = series.generator;
  if (generator) {
    const first = Math.ceil(options.startMs / generator.everyMs) * generator.everyMs;
    const last = Math.min(options.endMs, options.now - generator.availableAfterMs + 1);
    for (let at = first; at < last; at += generator.everyMs) {
      const value = generator.fn(at);
      if (value !== undefined) add(singleValue(at, value));
    }
  }
  const values = new Map<number, number>();
  for (const [bucket, point] of buckets) values.set(bucket, statisticOf(point, options.stat));
  return values;
}

function statisticOf(point: Datapoint, stat: Statistic): number {
  switch (stat) {
    case 'Average':
      return point.sum / point.sampleCount;
    case 'Sum':
      return point.sum;
    case 'Minimum':
      return point.min;
    case 'Maximum':
      return point.max;
    case 'SampleCount':
      return point.sampleCount;
  }
}
