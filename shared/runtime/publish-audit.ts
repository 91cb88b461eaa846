import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { type AuditEvent, publishAuditEvents } from '../aws/eventbridge-audit-events.ts';

/**
 * Publishes audit events with the project's one rule for the undelivered: each is logged at error
 * level with its detail-type, error code and whole detail (the log keeps what the bus did not),
 * and counted as `AuditEventsUndelivered`. Never throws: the actions the events report are done.
 * Requires events:PutEvents on the bus.
 */
export async function publishAuditWithFallback(
  busName: string,
  events: readonly AuditEvent[],
  tools: { logger: Logger; metrics: Metrics },
): Promise<void> {
  if (events.length === 0) return;
  const { undelivered } = await publishAuditEvents(busName, events);
  for (const { event, errorCode } of undelivered) {
    tools.logger.error('audit event undelivered', {
      detailType: event.detailType,
      errorCode,
      detail: event.detail,
    });
  }
  if (undelivered.length > 0) {
    tools.metrics.addMetric('AuditEventsUndelivered', MetricUnit.Count, undelivered.length);
  }
}
