import { type MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { callAws, chunk } from './call-aws.ts';
import { getCloudWatchClient } from './cloudwatch-client.ts';

/** PutMetricData takes at most 1000 datums a call. */
export const metricDatumsPerCall = 1000;

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
