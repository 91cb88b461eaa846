import { SQSClient } from '@aws-sdk/client-sqs';
import { commonClientConfig, instrumentClient } from './client-config.ts';

let client: SQSClient | undefined;

/** The container's SQSClient, created on first use and reused by every invocation. */
export function getSqsClient(): SQSClient {
  if (!client) client = instrumentClient(new SQSClient({ ...commonClientConfig }), false);
  return client;
}

/** Forgets the client so the next call builds a new one (tests that change endpoints). */
export function resetSqsClient(): void {
  client = undefined;
}
