import { ECSClient } from '@aws-sdk/client-ecs';
import { commonClientConfig, instrumentClient } from './client-config.ts';

let client: ECSClient | undefined;

/** The container's ECSClient, created on first use and reused by every invocation. */
export function getEcsClient(): ECSClient {
  if (!client) client = instrumentClient(new ECSClient({ ...commonClientConfig }), true);
  return client;
}

/** Forgets the client so the next call builds a new one (tests that change endpoints). */
export function resetEcsClient(): void {
  client = undefined;
}
