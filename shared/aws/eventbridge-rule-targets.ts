import {
  EventBridgeClient,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
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
 * (scheduled tasks, or tasks run on events). ECS targets name the cluster as their ARN, so one
 * ListRuleNamesByTarget per cluster finds the bus's rules, then one ListTargetsByRule per rule.
 * A family-only ARN (no `:revision`) means "latest"; a rule deleted between the two calls runs
 * nothing any more and is skipped. Both calls take the bus's name (they read the
 * default bus without one):
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListRuleNamesByTarget.html
 * Requires events:ListRuleNamesByTarget and events:ListTargetsByRule.
 * @throws AwsCallError when a page cannot be read.
 */
export async function listScheduledTaskDefinitions(
  clusterArns: readonly string[],
  eventBusName: string = defaultEventBusName,
): Promise<string[]> {
  const client = clientFor(EventBridgeClient, { paced: false });
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
  const taskDefinitions: string[] = [];
  for (const rule of ruleNames) {
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

function skipDeletedRule(error: unknown): { Targets: []; NextToken: undefined } {
  if (error instanceof AwsCallError && error.cause instanceof ResourceNotFoundException) {
    return { Targets: [], NextToken: undefined };
  }
  throw error;
}
