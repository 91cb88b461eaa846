/**
 * Listing and deleting task definitions: ListTaskDefinitions (familyPrefix is a prefix, as in
 * AWS), ListTaskDefinitionFamilies, DeleteTaskDefinitions and the completion of deletions.
 */

import { parseTaskDefinitionRef } from '../arn.ts';
import type { SimContext } from '../context.ts';
import { invalidParameter } from '../errors.ts';
import { type Input, optionalNumber, optionalString, stringList } from '../input.ts';
import { paginate } from '../paginate.ts';
import type { Account, TaskDefinitionRecord } from '../state.ts';
import {
  assertMaxBatch,
  findTaskDefinition,
  removeTaskDefinition,
  sortedTaskDefinitions,
  toWireTaskDefinition,
} from './task-definitions.ts';

const statuses = ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'];

function sortKey(record: TaskDefinitionRecord): string {
  return `${record.family}\u0000${String(record.revision).padStart(10, '0')}`;
}

/** ListTaskDefinitions: default status ACTIVE, sort ASC, pages of up to 100. */
export function listTaskDefinitions(ctx: SimContext, input: Input) {
  const status = optionalString(input, 'status') ?? 'ACTIVE';
  if (!statuses.includes(status)) throw invalidParameter(`Invalid status: ${status}`);
  const sort = optionalString(input, 'sort') ?? 'ASC';
  if (sort !== 'ASC' && sort !== 'DESC') throw invalidParameter(`Invalid sort: ${sort}`);
  const prefix = optionalString(input, 'familyPrefix') ?? '';
  let items = sortedTaskDefinitions(ctx.account).filter(
    (record) => record.status === status && record.family.startsWith(prefix),
  );
  if (sort === 'DESC') items = items.slice().reverse();
  const page = paginate({
    items,
    key: sortKey,
    descending: sort === 'DESC',
    maxResults: optionalNumber(input, 'maxResults'),
    defaultSize: 100,
    limit: 100,
    nextToken: optionalString(input, 'nextToken'),
  });
  return { taskDefinitionArns: page.items.map((record) => record.arn), nextToken: page.nextToken };
}

/**
 * ListTaskDefinitionFamilies: a family is ACTIVE when it has an ACTIVE revision, INACTIVE when
 * it has only INACTIVE ones; status ALL (the default) lists every family.
 */
export function listTaskDefinitionFamilies(ctx: SimContext, input: Input) {
  const status = optionalString(input, 'status') ?? 'ALL';
  if (!['ACTIVE', 'INACTIVE', 'ALL'].includes(status)) {
    throw invalidParameter(`Invalid status: ${status}`);
  }
  const prefix = optionalString(input, 'familyPrefix') ?? '';
  const active = new Set<string>();
  const all = new Set<string>();
  for (const record of sortedTaskDefinitions(ctx.account)) {
    if (!record.family.startsWith(prefix)) continue;
    all.add(record.family);
    if (record.status === 'ACTIVE') active.add(record.family);
  }
  const families = [...all].filter(
    (family) =>
      status === 'ALL' || (status === 'ACTIVE' ? active.has(family) : !active.has(family)),
  );
  const page = paginate({
    items: families,
    key: (family) => family,
    maxResults: optionalNumber(input, 'maxResults'),
    defaultSize: 100,
    limit: 100,
    nextToken: optionalString(input, 'nextToken'),
  });
  return { families: page.items, nextToken: page.nextToken };
}

/**
 * DeleteTaskDefinitions: up to 10 revisions; each must name a revision and be INACTIVE (or
 * already deleting). Problems are per-revision `failures[]`, not errors.
 * @throws AwsError InvalidParameterException for an empty list or more than 10 entries.
 */
export function deleteTaskDefinitions(ctx: SimContext, input: Input) {
  const refs = stringList(input, 'taskDefinitions');
  if (refs.length === 0) throw invalidParameter('taskDefinitions must not be empty.');
  assertMaxBatch(refs.length, 10, 'taskDefinitions');
  const taskDefinitions: Input[] = [];
  const failures: Input[] = [];
  for (const ref of refs) {
    const outcome = deleteOne(ctx, ref);
    if (typeof outcome === 'string') failures.push({ arn: ref, reason: outcome });
    else taskDefinitions.push(toWireTaskDefinition(outcome));
  }
  return { taskDefinitions, failures };
}

function deleteOne(ctx: SimContext, ref: string): TaskDefinitionRecord | string {
  let record: TaskDefinitionRecord;
  try {
    if (parseTaskDefinitionRef(ref).revision === undefined) return 'INVALID_REVISION';
    record = findTaskDefinition(ctx, ref);
  } catch {
    return 'TASK_DEFINITION_NOT_FOUND';
  }
  if (record.status === 'ACTIVE') return 'TASK_DEFINITION_IN_ACTIVE_STATE';
  if (record.status === 'INACTIVE') {
    record.status = 'DELETE_IN_PROGRESS';
    record.deleteRequestedAt = ctx.now();
  }
  return record;
}

/** Revisions in use: by a task that has not stopped, a deployment or a task set. */
export function referencedTaskDefinitions(account: Account): Set<string> {
  const used = new Set<string>();
  for (const task of account.tasks.values()) {
    if (task.lastStatus !== 'STOPPED') used.add(task.taskDefinitionArn);
  }
  for (const service of account.services.values()) {
    for (const deployment of service.deployments) used.add(deployment.taskDefinition);
    for (const taskSet of service.taskSets) used.add(taskSet.taskDefinition);
  }
  return used;
}

/**
 * Completes deletions: a DELETE_IN_PROGRESS revision disappears once nothing references it and
 * the completion delay has passed; a referenced one stays DELETE_IN_PROGRESS.
 */
export function completeDeletions(ctx: SimContext): void {
  const due = ctx.now() - ctx.settings.deleteCompletionMs;
  const candidates = [...ctx.account.taskDefinitions.values()].filter(
    (record) => record.status === 'DELETE_IN_PROGRESS' && (record.deleteRequestedAt ?? 0) <= due,
  );
  if (candidates.length === 0) return;
  const used = referencedTaskDefinitions(ctx.account);
  for (const record of candidates) {
    if (!used.has(record.arn)) removeTaskDefinition(ctx.account, record.arn);
  }
}
