/**
 * EventBridge: PutEvents (recorded, at most 10 entries, with injectable per-entry failures),
 * and the rule reads a pruner needs: ListRules, ListTargetsByRule, ListRuleNamesByTarget.
 */
import type { SimContext } from './context.ts';
import { newUuid } from './context.ts';
import { AwsError, validationException } from './errors.ts';
import { type Input, objectList, optionalNumber, optionalString, requireString } from './input.ts';
import { paginate } from './paginate.ts';
import type { Handlers } from './router.ts';

function putEvents(ctx: SimContext, input: Input) {
  const entries = objectList(input, 'Entries', validationException);
  if (entries.length === 0 || entries.length > 10) {
    throw validationException(
      "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
  }
  const failures = ctx.injected.putEventsFailures;
  const results = entries.map((entry) => {
    const errorCode = failures.shift();
    if (errorCode !== undefined) return { ErrorCode: errorCode, ErrorMessage: 'Injected failure' };
    const eventId = newUuid();
    const detailText = typeof entry.Detail === 'string' ? entry.Detail : '{}';
    let detail: unknown;
    try {
      detail = JSON.parse(detailText);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    ctx.account.putEvents.push({
      source: String(entry.Source ?? ''),
      detailType: String(entry.DetailType ?? ''),
      detail,
      resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
      eventBusName: String(entry.EventBusName ?? 'default'),
      at: typeof entry.Time === 'number' ? entry.Time * 1000 : ctx.now(),
      eventId,
    });
    return { EventId: eventId };
  });
  const failed = results.filter((result) => 'ErrorCode' in result).length;
  return { FailedEntryCount: failed, Entries: results };
}

function busOf(input: Input): string {
  const bus = optionalString(input, 'EventBusName') ?? 'default';
  return bus.slice(bus.lastIndexOf('/') + 1);
}

function listRules(ctx: SimContext, input: Input) {
  const prefix = optionalString(input, 'NamePrefix') ?? '';
  const bus = busOf(input);
  const items = [...ctx.account.rules.values()]
    .filter((rule) => rule.eventBusName === bus && rule.name.startsWith(prefix))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = paginate({
    items,
    key: (rule) => rule.name,
    maxResults: optionalNumber(input, 'Limit'),
    defaultSize: 100,
    limit: 100,
    nextToken: optionalString(input, 'NextToken'),
  });
  return {
    Rules: page.items.map((rule) => ({
      Name: rule.name,
      Arn: rule.arn,
      EventBusName: rule.eventBusName,
      State: rule.state,
      ScheduleExpression: rule.scheduleExpression,
      EventPattern: rule.eventPattern,
    })),
    NextToken: page.nextToken,
  };
}

function listTargetsByRule(ctx: SimContext, input: Input) {
  const name = requireString(input, 'Rule', validationException);
  const rule = ctx.account.rules.get(`${busOf(input)}/${name}`);
  if (!rule) throw new AwsError('ResourceNotFoundException', `Rule ${name} does not exist.`);
  const page = paginate({
    items: rule.targets,
    key: (target) => target.Id,
    maxResults: optionalNumber(input, 'Limit'),
    defaultSize: 100,
    limit: 100,
    nextToken: optionalString(input, 'NextToken'),
  });
  return { Targets: page.items, NextToken: page.nextToken };
}

function listRuleNamesByTarget(ctx: SimContext, input: Input) {
  const arn = requireString(input, 'TargetArn', validationException);
  const bus = busOf(input);
  const names = [...ctx.account.rules.values()]
    .filter(
      (rule) => rule.eventBusName === bus && rule.targets.some((target) => target.Arn === arn),
    )
    .map((rule) => rule.name)
    .sort();
  const page = paginate({
    items: names,
    key: (name) => name,
    maxResults: optionalNumber(input, 'Limit'),
    defaultSize: 100,
    limit: 100,
    nextToken: optionalString(input, 'NextToken'),
  });
  return { RuleNames: page.items, NextToken: page.nextToken };
}

/** EventBridge handlers (JSON 1.1, target prefix `AWSEvents`). */
export const eventBridgeHandlers: Handlers = {
  PutEvents: putEvents,
  ListRules: listRules,
  ListTargetsByRule: listTargetsByRule,
  ListRuleNamesByTarget: listRuleNamesByTarget,
};
