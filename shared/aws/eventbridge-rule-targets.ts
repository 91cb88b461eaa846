import {
  EventBridgeClient,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { AwsCallError } from '../runtime/errors.ts';
import { callAws } from './call-aws.ts';
import { clientFor } from './clients.ts';

/** The bus EventBridge uses when a request names none. */
export const defaultEventBusName = 'default';

/**
 * Lists the names of every event bus of the account and Region (the default bus, custom buses
 * and partner buses), 100 a page: a rule on any of them may run a task. Requires
 * events:ListEventBuses.
 * @throws AwsCallError when a page cannot be read.
 */
export async function listEventBusNames(): Promise<string[]> {
  const client = clientFor(EventBridgeClient, { paced: false });
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await callAws('ListEventBuses', () =>
      client.send(new ListEventBusesCommand({ NextToken: nextToken, Limit: 100 })),
    );
    for (const bus of page.EventBuses ?? []) if (bus.Name) names.push(bus.Name);
    nextToken = page.NextToken;
  } while (nextToken);
  return names;
}

/**
 * Returns the task definitions that the rules of one event bus start on the given clusters
 * (scheduled tasks, or tasks run on events). ECS targets name the cluster as their ARN. The bus's
 * rules are listed first (100 a page): a bus without rules costs that one call; with no more rules
 * than clusters, each rule's targets are read (one ListTargetsByRule per rule); otherwise one
 * ListRuleNamesByTarget per cluster finds the rules with an ECS target, then one ListTargetsByRule
 * per such rule. A family-only ARN (no `:revision`) means "latest"; a rule deleted between calls
 * runs nothing any more and is skipped. Every call names the bus (they read the default bus
 * without one): https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListRuleNamesByTarget.html
 * Requires events:ListRules, events:ListRuleNamesByTarget and events:ListTargetsByRule.
 * @throws AwsCallError when a page cannot be read.
 */
export async function listScheduledTaskDefinitions(
  clusterArns: readonly string[],
  eventBusName: string = defaultEventBusName,
): Promise<string[]> {
  const client = clientFor(EventBridgeClient, { paced: false });
  // Listing stops once it holds more rules than there are clusters: the other path is then cheaper.
  const rules = await listRuleNames(client, eventBusName, clusterArns.length + 1);
  const candidates =
    rules.length <= clusterArns.length
      ? rules
      : await listRuleNamesByTargets(client, clusterArns, eventBusName);
  const taskDefinitions: string[] = [];
  for (const rule of candidates) {
    let nextToken: string | undefined;
    do {
      const page = await callAws('ListTargetsByRule', () =>
        client.send(
          new ListTargetsByRuleCommand({
            Rule: rule,
            EventBusName: eventBusName,
            NextToken: nextToken,
            Limit: 100,
          }),
        ),
      ).catch(skipDeletedRule);
      for (const target of page.Targets ?? []) {
        const arn = target.EcsParameters?.TaskDefinitionArn;
        if (arn) taskDefinitions.push(arn);
      }
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return taskDefinitions;
}

/** The bus's rule names, up to the first page that brings them to `atMost` or more. */
async function listRuleNames(
  client: EventBridgeClient,
  eventBusName: string,
  atMost: number,
): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await callAws('ListRules', () =>
      client.send(
        new ListRulesCommand({ EventBusName: eventBusName, NextToken: nextToken, Limit: 100 }),
      ),
    );
    for (const rule of page.Rules ?? []) if (rule.Name) names.push(rule.Name);
    nextToken = page.NextToken;
  } while (nextToken && names.length < atMost);
  return names;
}

async function listRuleNamesByTargets(
  client: EventBridgeClient,
  clusterArns: readonly string[],
  eventBusName: string,
): Promise<string[]> {
  const ruleNames = new Set<string>();
  for (const clusterArn of clusterArns) {
    let nextToken: string | undefined;
    do {
      const page = await callAws('ListRuleNamesByTarget', () =>
        client.send(
          new ListRuleNamesByTargetCommand({
            TargetArn: clusterArn,
            EventBusName: eventBusName,
            NextToken: nextToken,
            Limit: 100,
          }),
        ),
      );
      for (const name of page.RuleNames ?? []) ruleNames.add(name);
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return [...ruleNames];
}

function skipDeletedRule(error: unknown): { Targets: []; NextToken: undefined } {
  if (error instanceof AwsCallError && error.cause instanceof ResourceNotFoundException) {
    return { Targets: [], NextToken: undefined };
  }
  throw error;
}
