import { getMetricDataSeries } from '../aws/cloudwatch-metrics.ts';
import { getQueueBacklog } from '../aws/sqs-queue-backlog.ts';
import { runConcurrently } from '../runtime/run-concurrently.ts';
import type { ScaleServiceFacts } from './inventory.ts';
import {
  buildMetricQueries,
  type MetricQueryConfig,
  type MetricQueryPlan,
} from './policy/build-metric-queries.ts';
import {
  applyQueueBacklogs,
  listQueueReads,
  type QueueBacklog,
} from './policy/plan-queue-reads.ts';
import { readMetricResults, type ServiceMetricReadings } from './policy/read-metric-results.ts';

/** One evaluation's metric readings per service, and the calls that read them. */
export type ScaleReadings = {
  /** One GetMetricData call per batch (empty when no service is selected), for the report. */
  batches: MetricQueryPlan['batches'];
  /** Queues read straight from SQS (one GetQueueAttributes each), and those that failed. */
  queues: { read: number; failed: string[] };
  /** Readings by service key (`cluster/service`). */
  readings: Record<string, ServiceMetricReadings>;
};

// GetQueueAttributes calls in flight at once.
const queueLanes = 8;

/**
 * Reads every selected service's metrics and the recommendations and desired counts earlier
 * evaluations published, in ⌈retrieved metrics / 500⌉ GetMetricData calls, and, at the same time,
 * the backlog of every queue a rule reads straight from SQS (one GetQueueAttributes per queue
 * name, however many services share it). No call at all when no service is selected.
 *
 * @param options.readBacks false to read no recommendation or desired-count read-back (a later
 *   evaluation of the invocation brings the first one's).
 * @returns the readings by service key and the calls made; a queue that cannot be read leaves
 *   its metric missing (named in `queues.failed`), never the whole evaluation.
 * @throws AwsCallError when GetMetricData fails. Requires cloudwatch:GetMetricData,
 *   sqs:GetQueueUrl, sqs:GetQueueAttributes.
 */
export async function gatherScaleReadings(
  services: readonly ScaleServiceFacts[],
  config: MetricQueryConfig,
  now: number,
  options: { readBacks?: boolean } = {},
): Promise<ScaleReadings> {
  const targets = services.map((facts) => facts.target);
  const plan = buildMetricQueries(targets, config, now, options);
  const range = { start: new Date(plan.startTime), end: new Date(plan.endTime) };
  const reads = listQueueReads(targets);
  const names = [...new Set(reads.map((read) => read.queueName))];
  const backlogs = new Map<string, QueueBacklog | undefined>();
  const failed: string[] = [];
  const [series] = await Promise.all([
    services.length > 0 ? getMetricDataSeries(plan.batches, range) : Promise.resolve([]),
    runConcurrently(names, queueLanes, async (name) => {
      try {
        backlogs.set(name, await getQueueBacklog(name));
      } catch (error) {
        backlogs.set(name, undefined);
        failed.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  ]);
  const fromCloudWatch = readMetricResults(series, plan.index, now);
  return {
    batches: services.length > 0 ? plan.batches : [],
    queues: { read: names.length, failed },
    readings: applyQueueBacklogs(fromCloudWatch, reads, backlogs),
  };
}
