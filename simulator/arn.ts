/**
 * ARN building and resolution in the long format (`task/<cluster>/<id>`), accepting the short
 * names and ARNs the ECS API accepts wherever it does.
 */
import type { SimContext } from './context.ts';
import { clusterNotFound, invalidParameter } from './errors.ts';
import type { Account, ClusterRecord } from './state.ts';

/** Builds `arn:aws:<service>:<region>:<account>:<resource>`. */
export function buildArn(account: Account, service: string, resource: string): string {
  return `arn:aws:${service}:${account.region}:${account.accountId}:${resource}`;
}

export function clusterArnOf(account: Account, name: string): string {
  return buildArn(account, 'ecs', `cluster/${name}`);
}

export function serviceArnOf(account: Account, cluster: string, name: string): string {
  return buildArn(account, 'ecs', `service/${cluster}/${name}`);
}

export function taskArnOf(account: Account, cluster: string, id: string): string {
  return buildArn(account, 'ecs', `task/${cluster}/${id}`);
}

export function taskDefinitionArnOf(account: Account, family: string, revision: number): string {
  return buildArn(account, 'ecs', `task-definition/${family}:${revision}`);
}

/** The last path segment of an ARN or the name itself. */
export function lastSegment(ref: string): string {
  const slash = ref.lastIndexOf('/');
  return slash === -1 ? ref : ref.slice(slash + 1);
}

/**
 * Finds a cluster by short name or ARN; ECS's default cluster is named `default`.
 * @throws AwsError ClusterNotFoundException when it does not exist.
 */
export function resolveCluster(ctx: SimContext, ref: string | undefined): ClusterRecord {
  const name = ref === undefined || ref === '' ? 'default' : lastSegment(ref);
  const cluster = ctx.account.clusters.get(name);
  if (!cluster) throw clusterNotFound();
  return cluster;
}

/** Splits `family`, `family:revision` or a task-definition ARN. */
export function parseTaskDefinitionRef(ref: string): { family: string; revision?: number } {
  const tail = ref.startsWith('arn:') ? ref.slice(ref.indexOf('task-definition/') + 16) : ref;
  const [family = '', revisionText] = tail.split(':');
  if (family === '') throw invalidParameter(`Invalid task definition: ${ref}`);
  if (revisionText === undefined) return { family };
  const revision = Number(revisionText);
  if (!Number.isInteger(revision) || revision < 1) {
    throw invalidParameter(`Invalid revision number. Number: ${revisionText}`);
  }
  return { family, revision };
}

/** Full task ARN for a task id or ARN (old or new format) in the given cluster. */
export function resolveTaskArn(ctx: SimContext, cluster: ClusterRecord, ref: string): string {
  return taskArnOf(ctx.account, cluster.name, lastSegment(ref));
}
