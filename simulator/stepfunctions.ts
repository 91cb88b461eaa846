/**
 * Step Functions (JSON 1.0, target prefix `AWSStepFunctions`): ListStateMachines,
 * ListStateMachineVersions and DescribeStateMachine, the reads a pruner needs. A version ARN is
 * the state machine's ARN and `:<n>`; DescribeStateMachine on it returns that version's
 * definition (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html).
 */
import type { SimContext } from './context.ts';
import { AwsError } from './errors.ts';
import { type Input, optionalNumber, optionalString, requireString } from './input.ts';
import { paginate } from './paginate.ts';
import type { Handlers } from './router.ts';
import type { StateMachineRecord } from './state-automation.ts';

function invalidArn(arn: string): AwsError {
  return new AwsError('InvalidArn', `Invalid Arn: '${arn}'`);
}

function doesNotExist(arn: string): AwsError {
  return new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
}

/** maxResults 0-1000, where 0 means the default page of 100. */
function pageSizeOf(input: Input): number {
  const size = optionalNumber(input, 'maxResults') ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > 1000) {
    throw new AwsError('ValidationException', 'maxResults must be between 0 and 1000.');
  }
  return size === 0 ? 100 : size;
}

function pageOf<T>(input: Input, items: T[], key: (item: T) => string) {
  const nextToken = optionalString(input, 'nextToken');
  try {
    return paginate({
      items,
      key,
      maxResults: pageSizeOf(input),
      defaultSize: 100,
      limit: 1000,
      nextToken,
    });
  } catch (error) {
    if (error instanceof AwsError && nextToken !== undefined) {
      throw new AwsError('InvalidToken', 'Invalid Token');
    }
    throw error;
  }
}

/** Resolves a state machine ARN, or a version ARN (`…:name:3`), to its record and version. */
function resolve(ctx: SimContext, arn: string): { machine: StateMachineRecord; version?: number } {
  if (!/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:/.test(arn)) throw invalidArn(arn);
  const machine = ctx.account.stateMachines.get(arn);
  if (machine) return { machine };
  const colon = arn.lastIndexOf(':');
  const base = ctx.account.stateMachines.get(arn.slice(0, colon));
  const version = Number(arn.slice(colon + 1));
  if (base && Number.isInteger(version) && base.versions[version - 1]) {
    return { machine: base, version };
  }
  throw doesNotExist(arn);
}

function listStateMachines(ctx: SimContext, input: Input) {
  const items = [...ctx.account.stateMachines.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = pageOf(input, items, (machine) => machine.name);
  return {
    stateMachines: page.items.map((machine) => ({
      stateMachineArn: machine.arn,
      name: machine.name,
      type: machine.type,
      creationDate: machine.createdAt / 1000,
    })),
    nextToken: page.nextToken,
  };
}

/** Newest version first, as the service sorts them. */
function listStateMachineVersions(ctx: SimContext, input: Input) {
  const arn = requireString(input, 'stateMachineArn');
  const { machine, version } = resolve(ctx, arn);
  if (version !== undefined) throw invalidArn(arn);
  const items = machine.versions
    .map((entry, index) => ({ arn: `${machine.arn}:${index + 1}`, number: index + 1, ...entry }))
    .reverse();
  const page = pageOf(input, items, (entry) => String(1e9 - entry.number).padStart(10, '0'));
  return {
    stateMachineVersions: page.items.map((entry) => ({
      stateMachineVersionArn: entry.arn,
      creationDate: entry.createdAt / 1000,
    })),
    nextToken: page.nextToken,
  };
}

function describeStateMachine(ctx: SimContext, input: Input) {
  const arn = requireString(input, 'stateMachineArn');
  const { machine, version } = resolve(ctx, arn);
  const entry = version === undefined ? machine : machine.versions[version - 1];
  return {
    stateMachineArn: arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: entry?.definition ?? machine.definition,
    roleArn: `arn:aws:iam::${machine.arn.split(':')[4]}:role/StatesExecutionRole`,
    type: machine.type,
    creationDate: (entry?.createdAt ?? machine.createdAt) / 1000,
  };
}

/** Step Functions handlers (JSON 1.0, target prefix `AWSStepFunctions`). */
export const stepFunctionsHandlers: Handlers = {
  ListStateMachines: listStateMachines,
  ListStateMachineVersions: listStateMachineVersions,
  DescribeStateMachine: describeStateMachine,
};
