import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { commonClientConfig, instrumentClient } from './client-config.ts';

let client: ApplicationAutoScalingClient | undefined;

/** The container's ApplicationAutoScalingClient, created on first use and reused by every invocation. */
export function getAutoScalingClient(): ApplicationAutoScalingClient {
  if (!client)
    client = instrumentClient(new ApplicationAutoScalingClient({ ...commonClientConfig }), false);
  return client;
}

/** Forgets the client so the next call builds a new one (tests that change endpoints). */
export function resetAutoScalingClient(): void {
  client = undefined;
}
