import {
  EventBridgeClient,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
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

  it('reads every rule of a bus with no more rules than clusters, skipping one deleted meanwhile', async () => {
    // Prepare
    events.on(ListRulesCommand).resolves({ Rules: [{ Name: 'kept' }, { Name: 'deleted' }] });
    events.on(ListTargetsByRuleCommand, { Rule: 'kept' }).resolves({
      Targets: [{ Id: 't', Arn: cluster, EcsParameters: { TaskDefinitionArn: 'fulfil:4' } }],
    });
    events
      .on(ListTargetsByRuleCommand, { Rule: 'deleted' })
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));

    // Act
    const refs = await listScheduledTaskDefinitions([cluster, `${cluster}-2`], 'orders');

    // Assess
    expect(refs).toEqual(['fulfil:4']);
    expect(events.commandCalls(ListRulesCommand)[0]?.args[0].input).toMatchObject({
      EventBusName: 'orders',
      Limit: 100,
    });
    expect(events.commandCalls(ListRuleNamesByTargetCommand)).toHaveLength(0);
    expect(
      events.commandCalls(ListTargetsByRuleCommand).map((call) => call.args[0].input.EventBusName),
    ).toEqual(['orders', 'orders']);
  });

  it('finds the rules by cluster when a bus has more rules than there are clusters', async () => {
    // Prepare: 3 rules, 1 cluster: one ListRuleNamesByTarget beats three ListTargetsByRule.
    events.on(ListRulesCommand).resolves({ Rules: [{ Name: 'a' }, { Name: 'b' }, { Name: 'c' }] });
    events.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: ['b'] });
    events.on(ListTargetsByRuleCommand, { Rule: 'b' }).resolves({
      Targets: [{ Id: 't', Arn: cluster, EcsParameters: { TaskDefinitionArn: 'report' } }],
    });

    // Act
    const refs = await listScheduledTaskDefinitions([cluster]);

    // Assess
    expect(refs).toEqual(['report']);
    expect(events.commandCalls(ListRuleNamesByTargetCommand)[0]?.args[0].input).toMatchObject({
      TargetArn: cluster,
      EventBusName: 'default',
    });
    expect(events.commandCalls(ListTargetsByRuleCommand)).toHaveLength(1);
  });

  it('stops listing a large bus once it holds more rules than there are clusters', async () => {
    // Prepare: 50 pages of rules behind the first; 1 cluster.
    events
      .on(ListRulesCommand)
      .resolves({ Rules: [{ Name: 'a' }, { Name: 'b' }], NextToken: 'more' });
    events.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: [] });

    // Act
    await listScheduledTaskDefinitions([cluster]);

    // Assess: one page of ListRules, then the by-cluster path.
    expect(events.commandCalls(ListRulesCommand)).toHaveLength(1);
    expect(events.commandCalls(ListRuleNamesByTargetCommand)).toHaveLength(1);
  });

  it('costs one call for a bus without rules', async () => {
    events.on(ListRulesCommand).resolves({ Rules: [] });

    expect(await listScheduledTaskDefinitions([cluster], 'empty')).toEqual([]);
    expect(events.calls()).toHaveLength(1);
  });
});
