import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { callAws } from './call-aws.ts';
import { clientFor } from './clients.ts';

/** Every audit event carries this source, so one rule can route all of them. */
export const auditSource = 'ecs-autopilot';

/** PutEvents limits: 10 entries and 256 KB a call. */
const maxEntriesPerCall = 10;
const maxBytesPerCall = 256 * 1024;
/** Entries that failed are retried this many times before they are reported as undelivered. */
const maxAttempts = 3;

export type AuditEvent = {
  detailType: string;
  detail: Record<string, unknown>;
  resources?: string[];
};
export type AuditPublishResult = {
  published: number;
  /** Events that could not be delivered after every attempt, with the last error code. */
  undelivered: { event: AuditEvent; errorCode: string }[];
};

/** Size PutEvents charges an entry: detail-type, detail, source and resources, UTF-8. */
function entrySize(entry: PutEventsRequestEntry): number {
  const parts = [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])];
  return parts.reduce((sum, part) => sum + Buffer.byteLength(part ?? ''), 0);
}

function toBatches(entries: PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const batches: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (
      current.length === maxEntriesPerCall ||
      (current.length > 0 && bytes + size > maxBytesPerCall)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Publishes audit events to a bus in batches within PutEvents' limits. Failed entries are retried;
 * what still fails is returned, never dropped silently. Requires events:PutEvents on the bus.
 */
export async function publishAuditEvents(
  eventBusName: string,
  events: readonly AuditEvent[],
): Promise<AuditPublishResult> {
  let pending = events.map((event) => ({
    event,
    entry: {
      EventBusName: eventBusName,
      Source: auditSource,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      Resources: event.resources,
    } satisfies PutEventsRequestEntry,
    errorCode: '',
  }));
  let published = 0;
  for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt += 1) {
    const failed: typeof pending = [];
    for (const batch of toBatches(pending.map((item) => item.entry))) {
      const items = pending.filter((item) => batch.includes(item.entry));
      try {
        const response = await callAws('PutEvents', () =>
          clientFor(EventBridgeClient, { paced: false }).send(
            new PutEventsCommand({ Entries: batch }),
          ),
        );
        (response.Entries ?? []).forEach((result, index) => {
          const item = items[index];
          if (!item) return;
          if (result.EventId) published += 1;
          else failed.push({ ...item, errorCode: result.ErrorCode ?? 'Unknown' });
        });
      } catch (error) {
        const errorCode = error instanceof Error ? error.name : 'Unknown';
        failed.push(...items.map((item) => ({ ...item, errorCode })));
      }
    }
    pending = failed;
  }
  return {
    published,
    undelivered: pending.map(({ event, errorCode }) => ({ event, errorCode })),
  };
}
