import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { publishAuditWithFallback } from '../../../shared/runtime/publish-audit.ts';

const eventBridge = mockClient(EventBridgeClient);

function tools() {
  const logger = { error: vi.fn() };
  const metrics = { addMetric: vi.fn() };
  return {
    logger,
    metrics,
    asTools: { logger, metrics } as unknown as { logger: Logger; metrics: Metrics },
  };
}

describe('publishAuditWithFallback', () => {
  beforeEach(() => eventBridge.reset());

  it('logs every undelivered event whole and counts them, without throwing', async () => {
    // Prepare: the bus refuses every entry.
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: input.Entries.length,
      Entries: input.Entries.map(() => ({ ErrorCode: 'InternalFailure' })),
    }));
    const { logger, metrics, asTools } = tools();
    const events = [
      { detailType: 'Task Restarted', detail: { lineage: 'a' } },
      { detailType: 'Service Scaled', detail: { service: 'web' } },
    ];
    // Act
    await publishAuditWithFallback('audit', events, asTools);
    // Assess
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(logger.error).toHaveBeenCalledWith('audit event undelivered', {
      detailType: 'Task Restarted',
      errorCode: 'InternalFailure',
      detail: { lineage: 'a' },
    });
    expect(metrics.addMetric).toHaveBeenCalledWith('AuditEventsUndelivered', 'Count', 2);
  });

  it('calls nothing for no events and reports nothing when all are delivered', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).resolves({ Entries: [{ EventId: 'e1' }] });
    const { logger, metrics, asTools } = tools();
    // Act
    await publishAuditWithFallback('audit', [], asTools);
    await publishAuditWithFallback('audit', [{ detailType: 'x', detail: {} }], asTools);
    // Assess
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
    expect(logger.error).not.toHaveBeenCalled();
    expect(metrics.addMetric).not.toHaveBeenCalled();
  });
});
