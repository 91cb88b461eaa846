import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { commonClientConfig, instrumentClient } from './client-config.ts';

let client: CloudWatchClient | undefined;

/** The container's CloudWatchClient, created on first use and reused by every invocation. */
export function getCloudWatchClient(): CloudWatchClient {
  if (!client) client = instrumentClient(new CloudWatchClient({ ...commonClientConfig }), false);
  return client;
}

/** Forgets the client so the next call builds a new one (tests that change endpoints). */
export function resetCloudWatchClient(): void {
  client = undefined;
}
