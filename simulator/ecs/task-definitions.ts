/**
 * ECS task definitions: revisions numbered per family, ACTIVE → INACTIVE → DELETE_IN_PROGRESS,
 * and the rule that only ACTIVE revisions may start tasks.
 */
import { parseTaskDefinitionRef, taskDefinitionArnOf } from '../arn.ts';
import type { SimContext } from '../context.ts';
import { clientException, invalidParameter } from '../errors.ts';
import { type Input, objectList, requireString, stringList, toEpochSeconds } from '../input.ts';
import type { Account, ContainerDefinition, Tag, TaskDefinitionRecord } from '../state.ts';
import { readTags } from '../tags.ts';

export type NewTaskDefinition = {
  family: string;
  containerDefinitions: ContainerDefinition[];
  body?: Record<string, unknown>;
  tags?: Tag[];
  registeredAt: number;
};

/** Stores a new revision of a family (numbered after the family's last one, never reused). */
export function storeTaskDefinition(account: Account, spec: NewTaskDefinition) {
  const revision = (account.lastRevision.get(spec.family) ?? 0) + 1;
  account.lastRevision.set(spec.family, revision);
  const record: TaskDefinitionRecord = {
    arn: taskDefinitionArnOf(account, spec.family, revision),
    family: spec.family,
    revision,
    status: 'ACTIVE',
    registeredAt: spec.registeredAt,
    containerDefinitions: spec.containerDefinitions,
    body: spec.body ?? {},
    tags: spec.tags ?? [],
  };
  account.taskDefinitions.set(record.arn, record);
  invalidateIndex(account);
  return record;
}

/**
 * Finds a revision by `family` (its latest ACTIVE), `family:revision` or ARN.
 * @throws AwsError ClientException when there is none.
 */
export function findTaskDefinition(ctx: SimContext, ref: string): TaskDefinitionRecord {
  const { family, revision } = parseTaskDefinitionRef(ref);
  const found =
    revision === undefined
      ? latestActive(ctx.account, family)
      : ctx.account.taskDefinitions.get(taskDefinitionArnOf(ctx.account, family, revision));
  if (!found) throw clientException('Unable to describe task definition.');
  return found;
}

/**
 * Finds a revision that may start tasks or back a deployment.
 * @throws AwsError ClientException when it is missing, INACTIVE or DELETE_IN_PROGRESS.
 */
export function findRunnableTaskDefinition(ctx: SimContext, ref: string): TaskDefinitionRecord {
  const found = findTaskDefinition(ctx, ref);
  if (found.status !== 'ACTIVE') {
    throw clientException(`TaskDefinition is ${found.status.toLowerCase()}: ${found.arn}`);
  }
  return found;
}

function latestActive(account: Account, family: string): TaskDefinitionRecord | undefined {
  const last = account.lastRevision.get(family) ?? 0;
  for (let revision = last; revision > 0; revision -= 1) {
    const record = account.taskDefinitions.get(taskDefinitionArnOf(account, family, revision));
    if (record?.status === 'ACTIVE') return record;
  }
  return undefined;
}

/** The TaskDefinition shape of the API (timestamps as epoch seconds). */
export function toWireTaskDefinition(record: TaskDefinitionRecord): Input {
  return {
    ...record.body,
    taskDefinitionArn: record.arn,
    family: record.family,
    revision: record.revision,
    status: record.status,
    containerDefinitions: record.containerDefinitions,
    volumes: record.body.volumes ?? [],
    placementConstraints: record.body.placementConstraints ?? [],
    requiresAttributes: [],
    compatibilities: ['EC2', 'FARGATE'],
    registeredAt: toEpochSeconds(record.registeredAt),
    deregisteredAt: toEpochSeconds(record.deregisteredAt),
    deleteRequestedAt: toEpochSeconds(record.deleteRequestedAt),
  };
}

/** RegisterTaskDefinition. */
export function registerTaskDefinition(ctx: SimContext, input: Input) {
  const family = requireString(input, 'family');
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) throw clientException('Invalid family name.');
  const containerDefinitions = objectList(input, 'containerDefinitions').map(readContainer);
  if (containerDefinitions.length === 0) {
    throw clientException('Container list cannot be empty.');
  }
  const { tags: _tags, family: _family, containerDefinitions: _c, ...body } = input;
  const record = storeTaskDefinition(ctx.account, {
    family,
    containerDefinitions,
    body,
    tags: readTags(input),
    registeredAt: ctx.now(),
  });
  return { taskDefinition: toWireTaskDefinition(record), tags: record.tags };
}

function readContainer(container: Input): ContainerDefinition {
  const name = requireString(container, 'name', clientException);
  const image = requireString(container, 'image', clientException);
  return { ...container, name, image, essential: container.essential !== false };
}

/** DescribeTaskDefinition (tags only with `include: ['TAGS']`). */
export function describeTaskDefinition(ctx: SimContext, input: Input) {
  const record = findTaskDefinition(ctx, requireString(input, 'taskDefinition'));
  const withTags = stringList(input, 'include').includes('TAGS');
  return { taskDefinition: toWireTaskDefinition(record), tags: withTags ? record.tags : undefined };
}

/**
 * DeregisterTaskDefinition: ACTIVE → INACTIVE. Deregistering an INACTIVE revision again returns
 * it unchanged (the call is idempotent); a deleting revision is refused.
 */
export function deregisterTaskDefinition(ctx: SimContext, input: Input) {
  const ref = requireString(input, 'taskDefinition');
  if (parseTaskDefinitionRef(ref).revision === undefined) {
    throw clientException('You must specify a revision to deregister.');
  }
  const record = findTaskDefinition(ctx, ref);
  if (record.status === 'DELETE_IN_PROGRESS') {
    throw clientException('The specified task definition is being deleted.');
  }
  if (record.status === 'ACTIVE') {
    record.status = 'INACTIVE';
    record.deregisteredAt = ctx.now();
  }
  return { taskDefinition: toWireTaskDefinition(record) };
}

const indexes = new WeakMap<Account, TaskDefinitionRecord[]>();

function invalidateIndex(account: Account): void {
  indexes.delete(account);
}

/** All revisions sorted by family, then revision (ListTaskDefinitions' ASC order). */
export function sortedTaskDefinitions(account: Account): TaskDefinitionRecord[] {
  const cached = indexes.get(account);
  if (cached) return cached;
  const sorted = [...account.taskDefinitions.values()].sort((a, b) =>
    a.family < b.family ? -1 : a.family > b.family ? 1 : a.revision - b.revision,
  );
  indexes.set(account, sorted);
  return sorted;
}

/** Removes a revision for good (a completed deletion). */
export function removeTaskDefinition(account: Account, arn: string): void {
  account.taskDefinitions.delete(arn);
  invalidateIndex(account);
}

export function assertMaxBatch(count: number, max: number, field: string): void {
  if (count > max) throw invalidParameter(`${field} can have at most ${max} items.`);
}
