import {
  CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { callAws } from './call-aws.ts';
import { clientFor } from './clients.ts';

/** One returned series: a plain query's, or one of the many a SEARCH expression returns. */
export type MetricDataSeries = {
  Id: string;
  /** Tells apart the series of one SEARCH query (they share its Id). */
  Label: string | undefined;
  Timestamps: Date[];
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
      Timestamps: result.Timestamps ?? [],
      Values: result.Values ?? [],
      StatusCode: result.StatusCode,
    },
  ];
}
