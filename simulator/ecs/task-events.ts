/**
 * `ECS Task State Change` events shaped as EventBridge delivers them: ISO timestamps with
 * milliseconds in `detail`, `time` without, cpu and memory as strings, ENI as type `eni`.
 */
import { newUuid } from '../context.ts';
import type { Account, TaskRecord } from '../state.ts';
import { eniAttachment } from './task-records.ts';

/** One EventBridge event as a rule target receives it. */
export type EventBridgeEvent = {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
};

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** Builds the event for the task's current state, observed at `now`. */
export function buildTaskStateChangeEvent(
  account: Account,
  task: TaskRecord,
  now: number,
): EventBridgeEvent {
  const detail: Record<string, unknown> = {
    attachments: eniAttachment(task, 'eni'),
    availabilityZone: task.availabilityZone,
    clusterArn: task.clusterArn,
    containers: task.containers.map((container) => ({
      containerArn: container.containerArn,
      exitCode: container.exitCode,
      lastStatus: container.lastStatus,
      name: container.name,
      image: container.image,
      reason: container.reason,
      taskArn: task.arn,
      networkInterfaces: [],
      cpu: '0',
    })),
    createdAt: iso(task.createdAt),
    launchType: task.launchType,
    capacityProviderName: task.capacityProviderName,
    cpu: task.cpu,
    memory: task.memory,
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: task.enableExecuteCommand,
    group: task.group,
    lastStatus: task.lastStatus,
    overrides: task.overrides,
    connectivity: task.lastStatus === 'PROVISIONING' ? undefined : 'CONNECTED',
    platformVersion: task.platformVersion,
    startedAt: iso(task.startedAt),
    startedBy: task.startedBy,
    stopCode: task.stopCode,
    stoppedAt: iso(task.stoppedAt),
    executionStoppedAt: iso(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stoppingAt: iso(task.stoppingAt),
    updatedAt: iso(now),
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: task.version,
  };
  return {
    version: '0',
    id: newUuid(),
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: account.accountId,
    time: new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    region: account.region,
    resources: [task.arn],
    // JSON round trip drops undefined fields, as the real payload omits absent ones.
    detail: JSON.parse(JSON.stringify(detail)),
  };
}
