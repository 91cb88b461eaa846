import {
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { collectPages } from './call-aws.ts';
import { clientFor } from './clients.ts';

/** A resource that carries the tag key asked for, with all its tags. */
export type TaggedResource = { arn: string; tags: Record<string, string> };

/**
 * Lists the resources of one type that carry a tag key, with their tag values, 100 a page: one
 * scan instead of a DescribeTaskDefinition per revision. Requires tag:GetResources.
 * @throws AwsCallError when a page cannot be read.
 */
export function listTaggedResources(
  tagKey: string,
  resourceType: string,
): Promise<TaggedResource[]> {
  const pages = paginateGetResources(
    { client: clientFor(ResourceGroupsTaggingAPIClient, { paced: false }), pageSize: 100 },
    { TagFilters: [{ Key: tagKey }], ResourceTypeFilters: [resourceType], ResourcesPerPage: 100 },
  );
  return collectPages('GetResources', pages, (page) =>
    (page.ResourceTagMappingList ?? []).flatMap((mapping) =>
      mapping.ResourceARN
        ? [
            {
              arn: mapping.ResourceARN,
              tags: Object.fromEntries(
                (mapping.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']),
              ),
            },
          ]
        : [],
    ),
  );
}
