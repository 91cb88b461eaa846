/**
 * CloudWatch PutMetricData and GetMetricData (MetricStat and metric math), JSON 1.0 with
 * timestamps as epoch seconds.
 */
import type { SimContext } from '../context.ts';
import { AwsError } from '../errors.ts';
import { type Input, isObject, objectList, optionalNumber, optionalString } from '../input.ts';
import type { Handlers } from '../router.ts';
import {
  cloudWatchValidation,
  evaluate,
  expressionError,
  type MathValue,
  parseExpression,
} from './expressions.ts';
import { checkPeriod } from './periods.ts';
import { expandLabel, isSearch, searchResults } from './search.ts';
import {
  aggregate,
  type Dimensions,
  type MetricKey,
  putDatapoint,
  type Statistic,
  singleValue,
  statistics,
} from './store.ts';

function invalidValue(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, {
    queryCode: 'InvalidParameterValue',
  });
}

const validation = cloudWatchValidation;

function readDimensions(list: Input[]): Dimensions {
  return Object.fromEntries(list.map((dim) => [String(dim.Name), String(dim.Value)]));
}

/**
 * Standard-resolution datapoints are stored at one-minute granularity, high-resolution ones at
 * one second: "Setting this to 1 specifies this metric as a high-resolution metric, so that
 * CloudWatch stores the metric with sub-minute resolution down to one second. Setting this to 60
 * specifies this metric as a regular-resolution metric, which CloudWatch stores at 1-minute
 * resolution" (MetricDatum.StorageResolution, CloudWatch API Reference; valid values 1 and 60).
 */
function storedAt(at: number, resolution: number): number {
  const granularity = resolution === 1 ? 1_000 : 60_000;
  return Math.floor(at / granularity) * granularity;
}

/** PutMetricData: up to 1000 datapoints; Value, Values/Counts or StatisticValues. */
function putMetricData(ctx: SimContext, input: Input) {
  const namespace = optionalString(input, 'Namespace', invalidValue);
  if (!namespace) throw new AwsError('MissingRequiredParameterException', 'Namespace is required.');
  if (namespace.startsWith('AWS/'))
    throw invalidValue(`The value ${namespace} for parameter Namespace is invalid.`);
  const data = objectList(input, 'MetricData', invalidValue);
  if (data.length > 1000) throw invalidValue('MetricData can hold at most 1000 items.');
  for (const datum of data) {
    const key: MetricKey = {
      namespace,
      metricName: String(datum.MetricName),
      dimensions: readDimensions(objectList(datum, 'Dimensions', invalidValue)),
    };
    const seconds = optionalNumber(datum, 'Timestamp', invalidValue);
    const resolution = optionalNumber(datum, 'StorageResolution', invalidValue) ?? 60;
    if (resolution !== 1 && resolution !== 60) {
      throw invalidValue(`The value ${resolution} for parameter StorageResolution is invalid.`);
    }
    const at = storedAt(seconds === undefined ? ctx.now() : seconds * 1000, resolution);
    const delay = ctx.settings.metricIngestionDelayMs;
    const visible = delay === undefined ? {} : { visibleFrom: ctx.now() + delay };
    const stats = isObject(datum.StatisticValues) ? datum.StatisticValues : undefined;
    if (stats) {
      putDatapoint(ctx.account.metrics, key, {
        at,
        sampleCount: Number(stats.SampleCount),
        sum: Number(stats.Sum),
        min: Number(stats.Minimum),
        max: Number(stats.Maximum),
        ...visible,
      });
    } else if (Array.isArray(datum.Values)) {
      const counts = Array.isArray(datum.Counts) ? datum.Counts : [];
      datum.Values.forEach((value, index) => {
        const times = Number(counts[index] ?? 1);
        for (let n = 0; n < times; n += 1)
          putDatapoint(ctx.account.metrics, key, { ...singleValue(at, Number(value)), ...visible });
      });
    } else {
      putDatapoint(ctx.account.metrics, key, {
        ...singleValue(at, Number(datum.Value)),
        ...visible,
      });
    }
  }
  return {};
}

/**
 * GetMetricData: at most 500 queries; results newest first (unless ScanBy is
 * TimestampAscending), only for queries with ReturnData not false.
 * @throws AwsError ValidationError for bad ids, expressions or too many queries.
 */
function getMetricData(ctx: SimContext, input: Input) {
  const queries = objectList(input, 'MetricDataQueries', validation);
  if (queries.length === 0 || queries.length > 500) {
    throw validation('MetricDataQueries must hold between 1 and 500 items.');
  }
  const startMs = (optionalNumber(input, 'StartTime', validation) ?? 0) * 1000;
  const endMs = (optionalNumber(input, 'EndTime', validation) ?? 0) * 1000;
  if (endMs <= startMs) throw validation('The parameter StartTime must be less than EndTime.');
  const byId = new Map<string, Input>();
  for (const query of queries) {
    const id = String(query.Id);
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) throw validation(`Invalid metric data query id: ${id}`);
    if (byId.has(id)) throw validation(`Duplicate metric data query id: ${id}`);
    byId.set(id, query);
  }
  const values = new Map<string, MathValue>();
  const dropped = new Set<string>();
  const resolving = new Set<string>();
  const resolve = (id: string, from: string): MathValue => {
    const known = values.get(id);
    if (known) return known;
    const query = byId.get(id);
    if (!query) throw expressionError(from, `Unrecognized identifier '${id}'.`);
    if (isSearch(query)) throw expressionError(from, 'SEARCH results cannot be used in math here.');
    if (resolving.has(id)) throw expressionError(from, 'Circular dependency.');
    resolving.add(id);
    const value = evaluateQuery(
      ctx,
      query,
      { startMs, endMs },
      (name) => resolve(name, id),
      dropped,
    );
    values.set(id, value);
    return value;
  };
  const ascending = optionalString(input, 'ScanBy') === 'TimestampAscending';
  const searchRange = { startMs, endMs, now: ctx.now(), ascending };
  const results = queries
    .filter((query) => query.ReturnData !== false)
    .flatMap((query) =>
      isSearch(query)
        ? searchResults(ctx.account.metrics, query, searchRange)
        : [toResult(query, resolve(String(query.Id), String(query.Id)), ascending, dropped)],
    );
  return { MetricDataResults: results, Messages: [] };
}

function evaluateQuery(
  ctx: SimContext,
  query: Input,
  range: { startMs: number; endMs: number },
  resolve: (name: string) => MathValue,
  dropped: Set<string>,
): MathValue {
  const id = String(query.Id);
  if (typeof query.Expression === 'string') {
    const flag = { value: false };
    const tree = parseExpression(id, query.Expression);
    const value = evaluate(tree, { id, resolve, ...range, dropped: flag });
    if (flag.value) dropped.add(id);
    return value;
  }
  const stat = isObject(query.MetricStat) ? query.MetricStat : undefined;
  const metric = stat && isObject(stat.Metric) ? stat.Metric : undefined;
  if (!stat || !metric)
    throw validation(`Query ${id} needs exactly one of MetricStat or Expression.`);
  const statistic = String(stat.Stat);
  if (!statistics.includes(statistic as Statistic))
    throw validation(`Unsupported statistic ${statistic}.`);
  const periodMs = checkPeriod(id, Number(stat.Period));
  const key = metricKeyOf(metric);
  const points = aggregate(ctx.account.metrics, key, {
    ...range,
    periodMs,
    stat: statistic as Statistic,
    now: ctx.now(),
  });
  return { kind: 'series', periodMs, points };
}

function toResult(query: Input, value: MathValue, ascending: boolean, dropped: Set<string>): Input {
  const id = String(query.Id);
  const points = value.kind === 'series' ? [...value.points] : [];
  points.sort(([a], [b]) => (ascending ? a - b : b - a));
  const stat = isObject(query.MetricStat) ? query.MetricStat : undefined;
  const key = stat && isObject(stat.Metric) ? metricKeyOf(stat.Metric) : undefined;
  const given = typeof query.Label === 'string' ? query.Label : undefined;
  const label = key ? expandLabel(given ?? key.metricName, key) : (given ?? id);
  const messages = dropped.has(id)
    ? [
        {
          Code: 'ArithmeticError',
          Value:
            'One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)',
        },
      ]
    : undefined;
  return {
    Id: id,
    Label: label,
    Timestamps: points.map(([at]) => at / 1000),
    Values: points.map(([, v]) => v),
    StatusCode: 'Complete',
    Messages: messages,
  };
}

function metricKeyOf(metric: Input): MetricKey {
  return {
    namespace: String(metric.Namespace),
    metricName: String(metric.MetricName),
    dimensions: readDimensions(objectList(metric, 'Dimensions', validation)),
  };
}

/** CloudWatch handlers (JSON 1.0, target prefix `GraniteServiceVersion20100801`). */
export const cloudWatchHandlers: Handlers = {
  PutMetricData: putMetricData,
  GetMetricData: getMetricData,
};
