import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { commonClientConfig, instrumentClient } from './client-config.ts';

let client: EventBridgeClient | undefined;

/** The container's EventBridgeClient, created on first use and reused by every invocation. */
export function getEventBridgeClient(): EventBridgeClient {
  if (!client) client = instrumentClient(new EventBridgeClient({ ...commonClientConfig }), false);
  return client;
}

/** Forgets the client so the next call builds a new one (tests that change endpoints). */
export function resetEventBridgeClient(): void {
  client = undefined;
}
