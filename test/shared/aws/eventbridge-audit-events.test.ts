import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { publishAuditEvents } from '../../../shared/aws/eventbridge-audit-events.ts';

const eventBridge = mockClient(EventBridgeClient);
const event = (index: number, bytes = 10) => ({
  detailType: 'Task Restarted',
  detail: { index, padding: 'x'.repeat(bytes) },
});

describe('publishAuditEvents', () => {
  beforeEach(() => eventBridge.reset());

  it('sends 10 entries a call with the product as source', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, index) => ({ EventId: `e${index}` })),
    }));

    const result = await publishAuditEvents(
      'audit',
      Array.from({ length: 23 }, (_, index) => event(index)),
    );

    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls[0]?.args[0].input.Entries?.[0]).toMatchObject({
      Source: 'ecs-autopilot',
      EventBusName: 'audit',
    });
    expect(result).toEqual({ published: 23, undelivered: [] });
  });

  it('keeps each call under 256 KB', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      Entries: input.Entries.map(() => ({ EventId: 'e' })),
    }));

    await publishAuditEvents('audit', [event(1, 100_000), event(2, 100_000), event(3, 100_000)]);

    expect(
      eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.length),
    ).toEqual([2, 1]);
  });

  it('retries failed entries and reports the ones that never get through', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: { Detail: string }[] }) => ({
      FailedEntryCount: 1,
      Entries: input.Entries.map((entry) =>
        entry.Detail.includes('"index":2') ? { ErrorCode: 'InternalFailure' } : { EventId: 'ok' },
      ),
    }));

    const result = await publishAuditEvents('audit', [event(1), event(2), event(3)]);

    expect(
      eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.length),
    ).toEqual([3, 1, 1]);
    expect(result.published).toBe(2);
    expect(result.undelivered).toEqual([{ event: event(2), errorCode: 'InternalFailure' }]);
  });

  it('reports every event of a call that failed outright', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('network down'));

    const result = await publishAuditEvents('audit', [event(1)]);

    expect(result.undelivered).toHaveLength(1);
  });
});
