import {
  CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
  type MetricDataResult,
  type MetricDatum,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { callAws, chunk } from './call-aws.ts';
import { clientFor } from './clients.ts';

/** One returned series: a plain query's, or one of the many a SEARCH expression returns. */
export type MetricDataSeries = {
  Id: string;
  /** Tells apart the series of one SEARCH query (they share its Id). */
  Label: string | undefined;
  /** Epoch milliseconds. */
  Timestamps: number[];
  Values: number[];
  StatusCode: string | undefined;
};

/**
 * Runs each batch as one GetMetricData call (following NextToken), keeping every result with
 * its Label, so the many series one SEARCH expression returns under a single Id stay apart. The caller sizes the batches (at most 500 queries).
 * Requires cloudwatch:GetMetricData.
 *
 * @returns every result of every page, in order; pages of one series are separate entries.
 * @throws AwsCallError when a call fails (transient for throttling and server faults).
 */
export async function getMetricDataSeries(
  batches: readonly (readonly MetricDataQuery[])[],
  range: { start: Date; end: Date },
): Promise<MetricDataSeries[]> {
  const series: MetricDataSeries[] = [];
  for (const batch of batches) {
    if (batch.length === 0) continue;
    let nextToken: string | undefined;
    do {
      const response = await callAws('GetMetricData', () =>
        clientFor(CloudWatchClient, { paced: false }).send(
          new GetMetricDataCommand({
            MetricDataQueries: [...batch],
            StartTime: range.start,
            EndTime: range.end,
            ScanBy: 'TimestampDescending',
            NextToken: nextToken,
          }),
        ),
      );
      series.push(...(response.MetricDataResults ?? []).flatMap(toSeries));
      nextToken = response.NextToken;
    } while (nextToken);
  }
  return series;
}

function toSeries(result: MetricDataResult): MetricDataSeries[] {
  if (!result.Id) return [];
  return [
    {
      Id: result.Id,
      Label: result.Label,
      Timestamps: (result.Timestamps ?? []).map((timestamp) => timestamp.getTime()),
      Values: result.Values ?? [],
      StatusCode: result.StatusCode,
    },
  ];
}

/** PutMetricData takes at most 1000 datums a call. */
export const metricDatumsPerCall = 1000;

/** A datum to publish: the SDK's fields, with its time in epoch milliseconds. */
export type MetricDatumInput = Omit<MetricDatum, 'Timestamp'> & { Timestamp?: number };

/** Publishes datums to a namespace, 1000 a call. Requires cloudwatch:PutMetricData. */
export async function putMetricData(
  namespace: string,
  datums: readonly MetricDatumInput[],
): Promise<void> {
  const sdkDatums: MetricDatum[] = datums.map(({ Timestamp, ...datum }) => ({
    ...datum,
    ...(Timestamp === undefined ? {} : { Timestamp: new Date(Timestamp) }),
  }));
  for (const batch of chunk(sdkDatums, metricDatumsPerCall)) {
    await callAws('PutMetricData', () =>
      clientFor(CloudWatchClient, { paced: false }).send(
        new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }),
      ),
    );
  }
}
