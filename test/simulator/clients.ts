/**
 * Real SDK v3 clients pointed at a simulator, with retries off so every call is visible.
 */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SQSClient } from '@aws-sdk/client-sqs';

/** Client settings for a simulator endpoint. */
export function clientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts: 1,
  };
}

/** One client per simulated service. */
export function createClients(endpoint: string) {
  const config = clientConfig(endpoint);
  return {
    ecs: new ECSClient(config),
    cloudWatch: new CloudWatchClient(config),
    eventBridge: new EventBridgeClient(config),
    sqs: new SQSClient(config),
    autoScaling: new ApplicationAutoScalingClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
  };
}
