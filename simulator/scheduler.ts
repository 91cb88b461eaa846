/**
 * EventBridge Scheduler (REST-JSON, like the service): ListScheduleGroups, ListSchedules and
 * GetSchedule, the reads a pruner needs. ListSchedules without a group lists every group's
 * schedules and summarises each target by its ARN only; GetSchedule returns the whole target.
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_ListSchedules.html
 */
import { buildArn } from './arn.ts';
import type { SimContext } from './context.ts';
import { AwsError, validationException } from './errors.ts';
import { type Input, optionalString, requireString } from './input.ts';
import { paginate } from './paginate.ts';
import type { Handler } from './router.ts';
import type { Account } from './state.ts';
import type { ScheduleGroupRecord } from './state-automation.ts';

/** Creates a schedule group (idempotent). @returns the group. */
export function storeScheduleGroup(
  account: Account,
  name: string,
  at: number,
): ScheduleGroupRecord {
  const known = account.scheduleGroups.get(name);
  if (known) return known;
  const group = {
    name,
    arn: buildArn(account, 'scheduler', `schedule-group/${name}`),
    createdAt: at,
  };
  account.scheduleGroups.set(name, group);
  return group;
}

/** Query strings carry numbers as text; MaxResults is 1-100 for both listings. */
function maxResultsOf(input: Input): number | undefined {
  const text = optionalString(input, 'MaxResults', validationException);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw validationException('MaxResults must be between 1 and 100.');
  }
  return value;
}

function listScheduleGroups(ctx: SimContext, input: Input) {
  const prefix = optionalString(input, 'NamePrefix', validationException) ?? '';
  const items = [...ctx.account.scheduleGroups.values()]
    .filter((group) => group.name.startsWith(prefix))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = paginate({
    items,
    key: (group) => group.name,
    maxResults: maxResultsOf(input),
    defaultSize: 100,
    limit: 100,
    nextToken: optionalString(input, 'NextToken', validationException),
  });
  return {
    ScheduleGroups: page.items.map((group) => ({
      Arn: group.arn,
      Name: group.name,
      State: 'ACTIVE',
      CreationDate: group.createdAt / 1000,
      LastModificationDate: group.createdAt / 1000,
    })),
    NextToken: page.nextToken,
  };
}

function listSchedules(ctx: SimContext, input: Input) {
  const group = optionalString(input, 'ScheduleGroup', validationException);
  const prefix = optionalString(input, 'NamePrefix', validationException) ?? '';
  const state = optionalString(input, 'State', validationException);
  const items = [...ctx.account.schedules.entries()]
    .filter(
      ([, schedule]) =>
        (group === undefined || schedule.groupName === group) &&
        schedule.name.startsWith(prefix) &&
        (state === undefined || schedule.state === state),
    )
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const page = paginate({
    items,
    key: ([key]) => key,
    maxResults: maxResultsOf(input),
    defaultSize: 100,
    limit: 100,
    nextToken: optionalString(input, 'NextToken', validationException),
  });
  return {
    Schedules: page.items.map(([, schedule]) => ({
      Arn: schedule.arn,
      Name: schedule.name,
      GroupName: schedule.groupName,
      State: schedule.state,
      CreationDate: schedule.createdAt / 1000,
      LastModificationDate: schedule.createdAt / 1000,
      Target: { Arn: schedule.target.Arn },
    })),
    NextToken: page.nextToken,
  };
}

/** GetSchedule assumes the `default` group when the request names none. */
function getSchedule(ctx: SimContext, input: Input) {
  const name = requireString(input, 'Name', validationException);
  const group = optionalString(input, 'groupName', validationException) ?? 'default';
  const schedule = ctx.account.schedules.get(`${group}/${name}`);
  if (!schedule) {
    throw new AwsError('ResourceNotFoundException', `Schedule ${name} does not exist.`, {
      status: 404,
    });
  }
  return {
    Arn: schedule.arn,
    Name: schedule.name,
    GroupName: schedule.groupName,
    State: schedule.state,
    ScheduleExpression: schedule.scheduleExpression,
    CreationDate: schedule.createdAt / 1000,
    LastModificationDate: schedule.createdAt / 1000,
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: schedule.target,
  };
}

/** A REST route: method, path pattern (named groups become input fields), action, handler. */
export type RestRoute = { method: string; path: RegExp; action: string; handler: Handler };

/** Scheduler's routes, as the SDK's REST-JSON protocol sends them. */
export const schedulerRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: /^\/schedule-groups$/,
    action: 'ListScheduleGroups',
    handler: listScheduleGroups,
  },
  { method: 'GET', path: /^\/schedules$/, action: 'ListSchedules', handler: listSchedules },
  {
    method: 'GET',
    path: /^\/schedules\/(?<Name>[^/]+)$/,
    action: 'GetSchedule',
    handler: getSchedule,
  },
];
