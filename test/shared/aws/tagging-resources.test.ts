import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { listTaggedResources } from '../../../shared/aws/tagging-resources.ts';
import { AwsCallError } from '../../../shared/runtime/errors.ts';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const arn = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/app:${revision}`;

describe('listTaggedResources', () => {
  beforeEach(() => tagging.reset());

  it('returns tag values across pages, asking for one key and type', async () => {
    // Prepare
    tagging
      .on(GetResourcesCommand)
      .resolvesOnce({
        ResourceTagMappingList: [{ ResourceARN: arn(1), Tags: [{ Key: 'k', Value: 'true' }] }],
        PaginationToken: 'p2',
      })
      .resolvesOnce({
        ResourceTagMappingList: [{ ResourceARN: arn(2), Tags: [{ Key: 'k', Value: 'false' }] }],
        PaginationToken: '',
      });

    // Act
    const resources = await listTaggedResources('k', 'ecs:task-definition');

    // Assess
    expect(resources).toEqual([
      { arn: arn(1), tags: { k: 'true' } },
      { arn: arn(2), tags: { k: 'false' } },
    ]);
    expect(tagging.commandCalls(GetResourcesCommand)[0]?.args[0].input).toMatchObject({
      TagFilters: [{ Key: 'k' }],
      ResourceTypeFilters: ['ecs:task-definition'],
      ResourcesPerPage: 100,
    });
  });

  it('wraps a failed page, keeping the SDK error as cause', async () => {
    const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    tagging.on(GetResourcesCommand).rejects(denied);

    const failure = listTaggedResources('k', 'ecs:task-definition');

    await expect(failure).rejects.toBeInstanceOf(AwsCallError);
    await expect(failure).rejects.toMatchObject({ awsErrorName: 'AccessDeniedException' });
  });
});
