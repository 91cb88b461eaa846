import {
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createManualClock,
  type ManualClock,
  type Simulator,
  startSimulator,
} from '../../simulator/index.ts';
import { createClients } from './clients.ts';

describe('simulator EventBridge and SQS', () => {
  let sim: Simulator;
  let clock: ManualClock;
  let clients: ReturnType<typeof createClients>;

  beforeEach(async () => {
    clock = createManualClock();
    sim = await startSimulator({
      clock: clock.now,
      scenario: {
        taskDefinitions: [{ family: 'nightly', revisions: 2 }],
        rules: [
          {
            name: 'nightly-report',
            schedule: 'cron(0 3 * * ? *)',
            targets: [{ id: 'report', cluster: 'batch', taskDefinition: 'nightly' }],
          },
        ],
        queues: [{ name: 'restarts' }],
      },
    });
    clients = createClients(sim.endpoint);
  });

  afterEach(async () => {
    await sim.close();
  });

  const entry = (n: number) => ({
    Source: 'ecs-autopilot',
    DetailType: 'Task Restart Abandoned',
    Detail: JSON.stringify({ n }),
  });

  it('records PutEvents entries and reports injected per-entry failures', async () => {
    // Prepare
    sim.eventBridge.failNextEntries('ThrottlingException');

    // Act
    const result = await clients.eventBridge.send(
      new PutEventsCommand({ Entries: [entry(1), entry(2)] }),
    );

    // Assess
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.ErrorCode).toBe('ThrottlingException');
    expect(sim.account.putEvents).toEqual([
      expect.objectContaining({
        source: 'ecs-autopilot',
        detailType: 'Task Restart Abandoned',
        detail: { n: 2 },
      }),
    ]);
  });

  it('rejects more than 10 entries per PutEvents call', async () => {
    // Act
    const call = clients.eventBridge.send(
      new PutEventsCommand({ Entries: Array.from({ length: 11 }, (_, n) => entry(n)) }),
    );

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('lists rules, their ECS targets with family-only ARNs, and rules by cluster target', async () => {
    // Act
    const rules = await clients.eventBridge.send(new ListRulesCommand({}));
    const targets = await clients.eventBridge.send(
      new ListTargetsByRuleCommand({ Rule: 'nightly-report' }),
    );
    const byTarget = await clients.eventBridge.send(
      new ListRuleNamesByTargetCommand({
        TargetArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/batch',
      }),
    );
    const missing = clients.eventBridge.send(new ListTargetsByRuleCommand({ Rule: 'nope' }));

    // Assess
    expect(rules.Rules?.map((rule) => rule.Name)).toEqual(['nightly-report']);
    expect(targets.Targets?.[0]?.EcsParameters?.TaskDefinitionArn).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/nightly',
    );
    expect(byTarget.RuleNames).toEqual(['nightly-report']);
    await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('holds delayed messages until the clock reaches their delay', async () => {
    // Prepare
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'restarts' }));
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: '{"attempt":2}',
        DelaySeconds: 20,
        MessageAttributes: { lineage: { DataType: 'String', StringValue: 'abc' } },
      }),
    );

    // Act
    const early = sim.sqs.receiveDue('restarts');
    clock.advance(20_000);
    const due = sim.sqs.receiveDue('restarts');

    // Assess
    expect(early).toBeNull();
    expect(due?.Records).toHaveLength(1);
    expect(due?.Records[0]).toMatchObject({
      body: '{"attempt":2}',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:restarts',
      messageAttributes: { lineage: { dataType: 'String', stringValue: 'abc' } },
    });
    expect(sim.sqs.receiveDue('restarts')).toBeNull();
  });

  it('sends batches and receives and deletes through the API with valid checksums', async () => {
    // Prepare
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'restarts' }));
    await clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          {
            Id: 'a',
            MessageBody: 'one',
            MessageAttributes: { n: { DataType: 'Number', StringValue: '1' } },
          },
          { Id: 'b', MessageBody: 'two', DelaySeconds: 900 },
        ],
      }),
    );

    // Act
    const received = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    const [message] = received.Messages ?? [];
    await clients.sqs.send(
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message?.ReceiptHandle }),
    );

    // Assess
    expect(received.Messages?.map((m) => m.Body)).toEqual(['one']);
    expect(sim.sqs.nextDueAt('restarts')).toBe(clock.now() + 900_000);
    const missing = clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' }));
    await expect(missing).rejects.toBeInstanceOf(QueueDoesNotExist);
  });

  it('counts visible, in-flight and delayed messages as GetQueueAttributes defines them', async () => {
    // Prepare: 5 visible and 2 in flight; then one delayed; then 3 received.
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'restarts' }));
    sim.sqs.setBacklog('restarts', { visible: 5, inFlight: 2 });
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'x', DelaySeconds: 60 }),
    );
    await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 3 }));
    const attributes = async () =>
      (
        await clients.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl,
            AttributeNames: [
              'ApproximateNumberOfMessages',
              'ApproximateNumberOfMessagesNotVisible',
              'ApproximateNumberOfMessagesDelayed',
            ],
          }),
        )
      ).Attributes;

    // Act
    const now = await attributes();
    clock.advance(30_000); // the queue's visibility timeout ends: received messages are visible again
    const later = await attributes();

    // Assess: only the names asked for come back.
    expect(now).toEqual({
      ApproximateNumberOfMessages: '2',
      ApproximateNumberOfMessagesNotVisible: '5',
      ApproximateNumberOfMessagesDelayed: '1',
    });
    expect(later).toEqual({
      ApproximateNumberOfMessages: '7',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '1',
    });
  });

  it('applies a backlog set for a later simulated time at the first read after it', async () => {
    // Prepare
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'restarts' }));
    sim.sqs.setBacklog('restarts', { visible: 80 }, clock.now() + 10_000);
    const visible = async () =>
      (
        await clients.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        )
      ).Attributes?.ApproximateNumberOfMessages;
    // Act
    const before = await visible();
    clock.advance(10_000);
    const after = await visible();
    // Assess
    expect([before, after]).toEqual(['0', '80']);
  });
});
