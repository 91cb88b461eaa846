/**
 * Clusters (CreateCluster, ListClusters, DescribeClusters) and resource tags (TagResource,
 * UntagResource, ListTagsForResource) for clusters, services, tasks and task definitions.
 */
import { clusterArnOf, lastSegment } from '../arn.ts';
import type { SimContext } from '../context.ts';
import { invalidParameter } from '../errors.ts';
import { type Input, optionalNumber, optionalString, requireString, stringList } from '../input.ts';
import { paginate } from '../paginate.ts';
import type { Account, ClusterRecord, Tag } from '../state.ts';
import { mergeTags, readTags } from '../tags.ts';

/** Adds a cluster (idempotent, as CreateCluster is). */
export function storeCluster(account: Account, name: string, tags: Tag[] = []): ClusterRecord {
  const existing = account.clusters.get(name);
  if (existing) return existing;
  const cluster = { name, arn: clusterArnOf(account, name), tags };
  account.clusters.set(name, cluster);
  return cluster;
}

function toWireCluster(ctx: SimContext, cluster: ClusterRecord, withTags: boolean): Input {
  let running = 0;
  let pending = 0;
  for (const task of ctx.account.tasks.values()) {
    if (task.clusterArn !== cluster.arn) continue;
    if (task.lastStatus === 'RUNNING') running += 1;
    else if (task.lastStatus !== 'STOPPED') pending += 1;
  }
  const services = [...ctx.account.services.values()].filter(
    (service) => service.clusterArn === cluster.arn && service.status === 'ACTIVE',
  ).length;
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: 'ACTIVE',
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: services,
    registeredContainerInstancesCount: 0,
    tags: withTags ? cluster.tags : undefined,
  };
}

/** CreateCluster. */
export function createCluster(ctx: SimContext, input: Input) {
  const cluster = storeCluster(
    ctx.account,
    optionalString(input, 'clusterName') ?? 'default',
    readTags(input),
  );
  return { cluster: toWireCluster(ctx, cluster, false) };
}

/** ListClusters: pages of up to 100. */
export function listClusters(ctx: SimContext, input: Input) {
  const items = [...ctx.account.clusters.values()].sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const page = paginate({
    items,
    key: (cluster) => cluster.arn,
    maxResults: optionalNumber(input, 'maxResults'),
    defaultSize: 100,
    limit: 100,
    nextToken: optionalString(input, 'nextToken'),
  });
  return { clusterArns: page.items.map((cluster) => cluster.arn), nextToken: page.nextToken };
}

/** DescribeClusters: up to 100; unknown ones are MISSING failures. */
export function describeClusters(ctx: SimContext, input: Input) {
  const refs = stringList(input, 'clusters');
  const names = refs.length === 0 ? ['default'] : refs;
  if (names.length > 100) throw invalidParameter('clusters can have at most 100 items.');
  const withTags = stringList(input, 'include').includes('TAGS');
  const clusters: Input[] = [];
  const failures: Input[] = [];
  for (const ref of names) {
    const cluster = ctx.account.clusters.get(lastSegment(ref));
    if (cluster) clusters.push(toWireCluster(ctx, cluster, withTags));
    else failures.push({ arn: clusterArnOf(ctx.account, lastSegment(ref)), reason: 'MISSING' });
  }
  return { clusters, failures };
}

/** The record holding a resource's tags, by ARN. @throws AwsError for an unknown resource. */
function taggable(ctx: SimContext, arn: string): { tags: Tag[] } {
  const resource = arn.split(':')[5] ?? '';
  const found =
    ctx.account.taskDefinitions.get(arn) ??
    ctx.account.services.get(arn) ??
    ctx.account.tasks.get(arn) ??
    (resource.startsWith('cluster/') ? ctx.account.clusters.get(lastSegment(arn)) : undefined);
  if (!found) throw invalidParameter('The specified resource could not be found.');
  return found;
}

/** TagResource. */
export function tagResource(ctx: SimContext, input: Input) {
  const resource = taggable(ctx, requireString(input, 'resourceArn'));
  resource.tags = mergeTags(resource.tags, readTags(input));
  return {};
}

/** UntagResource. */
export function untagResource(ctx: SimContext, input: Input) {
  const resource = taggable(ctx, requireString(input, 'resourceArn'));
  const keys = new Set(stringList(input, 'tagKeys'));
  resource.tags = resource.tags.filter((tag) => !keys.has(tag.key));
  return {};
}

/** ListTagsForResource. */
export function listTagsForResource(ctx: SimContext, input: Input) {
  return { tags: taggable(ctx, requireString(input, 'resourceArn')).tags };
}
