import {
  EventBridgeClient,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListTargetsByRuleCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  listEventBusNames,
  listScheduledTaskDefinitions,
} from '../../../shared/aws/eventbridge-rule-targets.ts';

const events = mockClient(EventBridgeClient);
const cluster = 'arn:aws:ecs:us-east-1:123456789012:cluster/batch';

describe('EventBridge rule targets', () => {
  beforeEach(() => events.reset());

  it('lists every event bus across pages', async () => {
    events
      .on(ListEventBusesCommand)
      .resolvesOnce({ EventBuses: [{ Name: 'default' }], NextToken: 'n' })
      .resolvesOnce({ EventBuses: [{ Name: 'orders' }] });

    expect(await listEventBusNames()).toEqual(['default', 'orders']);
    expect(events.commandCalls(ListEventBusesCommand)[1]?.args[0].input).toEqual({
      NextToken: 'n',
      Limit: 100,
    });
  });

  it('reads the rules of the bus it is given, and skips a rule deleted meanwhile', async () => {
    // Prepare
    events.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: ['kept', 'deleted'] });
    events.on(ListTargetsByRuleCommand, { Rule: 'kept' }).resolves({
      Targets: [{ Id: 't', Arn: cluster, EcsParameters: { TaskDefinitionArn: 'fulfil:4' } }],
    });
    events
      .on(ListTargetsByRuleCommand, { Rule: 'deleted' })
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));

    // Act
    const refs = await listScheduledTaskDefinitions([cluster], 'orders');

    // Assess
    expect(refs).toEqual(['fulfil:4']);
    expect(events.commandCalls(ListRuleNamesByTargetCommand)[0]?.args[0].input).toMatchObject({
      TargetArn: cluster,
      EventBusName: 'orders',
    });
    expect(
      events.commandCalls(ListTargetsByRuleCommand).map((call) => call.args[0].input.EventBusName),
    ).toEqual(['orders', 'orders']);
  });
});
