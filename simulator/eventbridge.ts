/**
 * EventBridge: PutEvents (recorded, at most 10 entries, with injectable per-entry failures),
 * and the reads a pruner needs: ListEventBuses, and per bus ListRules, ListTargetsByRule,
 * ListRuleNamesByTarget (which read the default bus when `EventBusName` is omitted).
 */
import { buildArn } from './arn.ts';
import type { SimContext } from './context.ts';
import { newUuid } from './context.ts';
import { AwsError, validationException } from './errors.ts';
import { type Input, objectList, optionalNumber, optionalString, requireString } from './input.ts';
import { paginate } from './paginate.ts';
import type { Handlers } from './router.ts';
import type { Account } from './state.ts';
import type { EventBusRecord } from './state-automation.ts';

/** Creates an event bus (idempotent). @returns the bus. */
export function storeEventBus(account: Account, name: string): EventBusRecord {
  const known = account.eventBuses.get(name);
  if (known) return known;
  const bus = { name, arn: buildArn(account, 'events', `event-bus/${name}`) };
  account.eventBuses.set(name, bus);
  return bus;
}

/** Limit 1-100 (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListEventBuses.html). */
function listEventBuses(ctx: SimContext, input: Input) {
  const prefix = optionalString(input, 'NamePrefix') ?? '';
  const limit = optionalNumber(input, 'Limit');
  if (limit !== undefined && (limit < 1 || limit > 100)) {
    throw validationException('Limit must be between 1 and 100.');
  }
  const items = [...ctx.account.eventBuses.values()]
    .filter((bus) => bus.name.startsWith(prefix))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = paginate({
    items,
    key: (bus) => bus.name,
    maxResults: limit,
    defaultSize: 100,
    limit: 100,
    nextToken: optionalString(input, 'NextToken'),
  });
  return {
    EventBuses: page.items.map((bus) => ({ Name: bus.name, Arn: bus.arn })),
    NextToken: page.nextToken,
  };
}

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

/** The bus a request names (its name or ARN), the default bus when it names none. */
function busOf(ctx: SimContext, input: Input): string {
  const ref = optionalString(input, 'EventBusName') ?? 'default';
  const name = ref.startsWith('arn:') ? ref.slice(ref.indexOf(':event-bus/') + 11) : ref;
  if (!ctx.account.eventBuses.has(name)) {
    throw new AwsError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
  }
  return name;
}

function listRules(ctx: SimContext, input: Input) {
  const prefix = optionalString(input, 'NamePrefix') ?? '';
  const bus = busOf(ctx, input);
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
  const rule = ctx.account.rules.get(`${busOf(ctx, input)}/${name}`);
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
  const bus = busOf(ctx, input);
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
  ListEventBuses: listEventBuses,
  ListRules: listRules,
  ListTargetsByRule: listTargetsByRule,
  ListRuleNamesByTarget: listRuleNamesByTarget,
};
