import { isQueueRead, type ScaleTarget } from './build-metric-queries.ts';
import { fill } from './compile-metric-queries.ts';
import type { ServiceMetricReadings } from './read-metric-results.ts';
import { getScaleServiceKey } from './select-scale-rule.ts';

/** One `sqs-backlog` metric read straight from its queue (`source: queue`). */
export type QueueRead = {
  serviceKey: string;
  metricIndex: number;
  /** The queue's name, `${cluster}` and `${service}` filled for this service. */
  queueName: string;
  includeInFlight: boolean;
};

/** A queue's counts, as GetQueueAttributes reports them. */
export type QueueBacklog = {
  /** ApproximateNumberOfMessages: "available for retrieval from the queue". */
  visible: number;
  /** ApproximateNumberOfMessagesNotVisible: "in flight" (received, not yet deleted). */
  inFlight: number;
};

/**
 * The queue reads of every selected service, in rule order. Several services naming one queue
 * read it once (the gather step reads each name once per evaluation).
 *
 * @returns one read per queue-sourced metric.
 * @throws never.
 */
export function listQueueReads(services: readonly ScaleTarget[]): QueueRead[] {
  return services.flatMap((target) =>
    target.rule.metrics.flatMap((metric, metricIndex) =>
      metric.kind === 'sqs-backlog' && isQueueRead(metric)
        ? [
            {
              serviceKey: getScaleServiceKey(target),
              metricIndex,
              queueName: fill(metric.queueName, target),
              includeInFlight: metric.includeInFlight,
            },
          ]
        : [],
    ),
  );
}

/**
 * Puts each queue's backlog into its services' readings: the visible messages, plus the in-flight
 * ones when the rule counts them. A queue that could not be read leaves its metric missing, which
 * never scales in (as a missing CloudWatch datapoint).
 *
 * @param backlogs by queue name; undefined for a queue whose read failed.
 * @returns new readings; the input is not changed.
 * @throws never.
 */
export function applyQueueBacklogs(
  readings: Readonly<Record<string, ServiceMetricReadings>>,
  reads: readonly QueueRead[],
  backlogs: ReadonlyMap<string, QueueBacklog | undefined>,
): Record<string, ServiceMetricReadings> {
  const result: Record<string, ServiceMetricReadings> = {};
  for (const [key, reading] of Object.entries(readings)) {
    result[key] = { ...reading, metrics: [...reading.metrics] };
  }
  for (const read of reads) {
    const reading = result[read.serviceKey];
    const backlog = backlogs.get(read.queueName);
    if (reading === undefined || backlog === undefined) continue;
    reading.metrics[read.metricIndex] =
      backlog.visible + (read.includeInFlight ? backlog.inFlight : 0);
  }
  return result;
}
