import {
  CloudWatchClient,
  type MetricDatum,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { callAws, chunk } from './call-aws.ts';
import { clientFor } from './clients.ts';

/** PutMetricData takes at most 1000 datums a call. */
export const metricDatumsPerCall = 1000;

/** Publishes datums to a namespace, 1000 a call. Requires cloudwatch:PutMetricData. */
export async function putMetricData(
  namespace: string,
  datums: readonly MetricDatum[],
): Promise<void> {
  for (const batch of chunk(datums, metricDatumsPerCall)) {
    await callAws('PutMetricData', () =>
      clientFor(CloudWatchClient, { paced: false }).send(
        new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }),
      ),
    );
  }
}
