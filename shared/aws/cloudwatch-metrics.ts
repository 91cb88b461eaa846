import {
  GetMetricDataCommand,
  type MetricDataQuery,
  type MetricDatum,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { callAws, chunk } from './call-aws.ts';
import { getCloudWatchClient } from './cloudwatch-client.ts';

/** GetMetricData takes at most 500 queries a call; PutMetricData 1000 datums. */
export const metricQueriesPerCall = 500;
export const metricDatumsPerCall = 1000;

export type MetricSeries = { id: string; timestamps: Date[]; values: number[]; complete: boolean };

/**
 * Runs every query over one time range, 500 a call, following NextToken within each call.
 * Returns one series per query id, newest datapoint first. Requires cloudwatch:GetMetricData.
 */
export async function getMetricData(
  queries: readonly MetricDataQuery[],
  range: { start: Date; end: Date },
): Promise<Map<string, MetricSeries>> {
  const series = new Map<string, MetricSeries>();
  for (const batch of chunk(queries, metricQueriesPerCall)) {
    let nextToken: string | undefined;
    do {
      const response = await callAws('GetMetricData', () =>
        getCloudWatchClient().send(
          new GetMetricDataCommand({
            MetricDataQueries: batch,
            StartTime: range.start,
            EndTime: range.end,
            ScanBy: 'TimestampDescending',
            NextToken: nextToken,
          }),
        ),
      );
      for (const result of response.MetricDataResults ?? []) {
        if (!result.Id) continue;
        const existing = series.get(result.Id);
        const entry = existing ?? { id: result.Id, timestamps: [], values: [], complete: true };
        entry.timestamps.push(...(result.Timestamps ?? []));
        entry.values.push(...(result.Values ?? []));
        entry.complete = entry.complete && result.StatusCode !== 'InternalError';
        series.set(result.Id, entry);
      }
      nextToken = response.NextToken;
    } while (nextToken);
  }
  return series;
}

/** Publishes datums to a namespace, 1000 a call. Requires cloudwatch:PutMetricData. */
export async function putMetricData(
  namespace: string,
  datums: readonly MetricDatum[],
): Promise<void> {
  for (const batch of chunk(datums, metricDatumsPerCall)) {
    await callAws('PutMetricData', () =>
      getCloudWatchClient().send(
        new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }),
      ),
    );
  }
}
