/**
 * Resource Groups Tagging API: GetResources over the simulated ECS resources' tags, with
 * TagFilters (key, optional values) and ResourceTypeFilters (`ecs:service`, `ecs:task-definition`, …).
 * Only tagged resources are listed, as in AWS; the last page has an empty PaginationToken.
 */
import type { SimContext } from './context.ts';
import { AwsError } from './errors.ts';
import { type Input, objectList, optionalNumber, optionalString, stringList } from './input.ts';
import { paginate } from './paginate.ts';
import type { Handlers } from './router.ts';
import type { Tag } from './state.ts';

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

type Tagged = { arn: string; type: string; tags: Tag[] };

function taggedResources(ctx: SimContext): Tagged[] {
  const { account } = ctx;
  const all: Tagged[] = [
    ...[...account.clusters.values()].map((c) => ({
      arn: c.arn,
      type: 'ecs:cluster',
      tags: c.tags,
    })),
    ...[...account.services.values()].map((s) => ({
      arn: s.arn,
      type: 'ecs:service',
      tags: s.tags,
    })),
    ...[...account.tasks.values()].map((t) => ({ arn: t.arn, type: 'ecs:task', tags: t.tags })),
    ...[...account.taskDefinitions.values()]
      .filter((d) => d.status !== 'DELETE_IN_PROGRESS')
      .map((d) => ({ arn: d.arn, type: 'ecs:task-definition', tags: d.tags })),
  ];
  return all.filter((resource) => resource.tags.length > 0);
}

function matchesType(resource: Tagged, filters: string[]): boolean {
  return (
    filters.length === 0 ||
    filters.some((f) => f === resource.type || f === resource.type.split(':')[0])
  );
}

function matchesTags(resource: Tagged, filters: Input[]): boolean {
  return filters.every((filter) => {
    const values = stringList(filter, 'Values', invalid);
    return resource.tags.some(
      (tag) => tag.key === filter.Key && (values.length === 0 || values.includes(tag.value)),
    );
  });
}

function getResources(ctx: SimContext, input: Input) {
  const typeFilters = stringList(input, 'ResourceTypeFilters', invalid);
  const tagFilters = objectList(input, 'TagFilters', invalid);
  if (tagFilters.length > 50) throw invalid('TagFilters can hold at most 50 items.');
  const arns = stringList(input, 'ResourceARNList', invalid);
  const items = taggedResources(ctx)
    .filter(
      (resource) =>
        matchesType(resource, typeFilters) &&
        matchesTags(resource, tagFilters) &&
        (arns.length === 0 || arns.includes(resource.arn)),
    )
    .sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const token = optionalString(input, 'PaginationToken', invalid);
  const page = paginate({
    items,
    key: (resource) => resource.arn,
    maxResults: optionalNumber(input, 'ResourcesPerPage', invalid),
    defaultSize: 100,
    limit: 100,
    nextToken: token === '' ? undefined : token,
  });
  return {
    ResourceTagMappingList: page.items.map((resource) => ({
      ResourceARN: resource.arn,
      Tags: resource.tags.map((tag) => ({ Key: tag.key, Value: tag.value })),
    })),
    PaginationToken: page.nextToken ?? '',
  };
}

/** Tagging API handlers (JSON 1.1, target prefix `ResourceGroupsTaggingAPI_20170126`). */
export const taggingHandlers: Handlers = {
  GetResources: getResources,
};
