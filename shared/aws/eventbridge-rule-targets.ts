import {
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { callAws } from './call-aws.ts';
import { clientFor } from './clients.ts';

/**
 * Returns the task definitions that EventBridge rules start on the given clusters (scheduled
 * tasks). ECS targets name the cluster as their ARN, so one ListRuleNamesByTarget per cluster finds
 * the rules, then one ListTargetsByRule per rule. A family-only ARN (no `:revision`) means "latest".
 * Requires events:ListRuleNamesByTarget and events:ListTargetsByRule.
 */
export async function listScheduledTaskDefinitions(
  clusterArns: readonly string[],
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
        client.send(new ListTargetsByRuleCommand({ Rule: rule, NextToken: nextToken, Limit: 100 })),
      );
      for (const target of page.Targets ?? []) {
        const arn = target.EcsParameters?.TaskDefinitionArn;
        if (arn) taskDefinitions.push(arn);
      }
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return taskDefinitions;
}
