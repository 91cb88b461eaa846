import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { commonClientConfig, instrumentClient } from './client-config.ts';

let client: ResourceGroupsTaggingAPIClient | undefined;

/** The container's ResourceGroupsTaggingAPIClient, created on first use and reused by every invocation. */
export function getTaggingClient(): ResourceGroupsTaggingAPIClient {
  if (!client)
    client = instrumentClient(new ResourceGroupsTaggingAPIClient({ ...commonClientConfig }), false);
  return client;
}

/** Forgets the client so the next call builds a new one (tests that change endpoints). */
export function resetTaggingClient(): void {
  client = undefined;
}
