import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { collectPages } from './call-aws.ts';
import { getTaggingClient } from './tagging-client.ts';

/**
 * Lists the ARNs of resources of one type that carry a tag key, 100 a page: one scan instead of
 * a DescribeTaskDefinition per revision. Requires tag:GetResources.
 */
export function listTaggedResourceArns(tagKey: string, resourceType: string): Promise<string[]> {
  const pages = paginateGetResources(
    { client: getTaggingClient(), pageSize: 100 },
    { TagFilters: [{ Key: tagKey }], ResourceTypeFilters: [resourceType], ResourcesPerPage: 100 },
  );
  return collectPages('GetResources', pages, (page) =>
    (page.ResourceTagMappingList ?? []).flatMap((mapping) =>
      mapping.ResourceARN ? [mapping.ResourceARN] : [],
    ),
  );
}
