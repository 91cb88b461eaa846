import { getClusterName, getTaskDefinitionFamily, getTaskId } from '../aws/ecs-arn.ts';
import type * as z from '../config/zod.ts';
import { InvalidEventError } from '../runtime/errors.ts';
import type { TaskOverrides } from './task-overrides.ts';
import {
  type TaskStateChangeEvent,
  taskStateChangeEventSchema,
} from './task-state-change-schema.ts';

/** A container of the task as the event reports it. */
export type ContainerState = { name: string; exitCode?: number; reason?: string };

/** The task's ENI, when it had one (awsvpc): subnets only, events never carry security groups. */
export type NetworkAttachment = { subnetIds: string[]; privateIpv4Address?: string };

/**
 * A task as reported by one `ECS Task State Change` event, in the project's vocabulary.
 * Timestamps are epoch milliseconds; names (cluster, family) are pre-extracted from the ARNs.
 */
export type TaskStateChange = {
  eventId: string;
  eventTime: number;
  account: string;
  region: string;
  taskArn: string;
  taskId: string;
  clusterArn: string;
  clusterName: string;
  taskDefinitionArn: string;
  family: string;
  group?: string;
  startedBy?: string;
  launchType?: string;
  capacityProviderName?: string;
  platformVersion?: string;
  cpu?: string;
  memory?: string;
  overrides: TaskOverrides;
  containers: ContainerState[];
  stopCode?: string;
  stoppedReason?: string;
  createdAt: number;
  startedAt?: number;
  stoppedAt?: number;
  lastStatus: string;
  desiredStatus: string;
  networkAttachment?: NetworkAttachment;
  enableExecuteCommand: boolean;
  ephemeralStorageGiB?: number;
  version: number;
};

/**
 * Parses an EventBridge `ECS Task State Change` event into a {@link TaskStateChange}.
 * Accepts every real variant (old ARN format, missing stopCode, missing exit codes, 0 to 9
 * fractional digits, string or number cpu/memory, unknown extra fields).
 *
 * @throws {InvalidEventError} naming every problem (`path: message`), never the values themselves.
 */
export function parseTaskStateChange(input: unknown): TaskStateChange {
  const parsed = taskStateChangeEventSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidEventError(formatIssues(parsed.error), { cause: parsed.error });
  }
  return toTaskStateChange(parsed.data);
}

function formatIssues(error: z.core.$ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

function toTaskStateChange(event: TaskStateChangeEvent): TaskStateChange {
  const d = event.detail;
  // The schema's ARN patterns guarantee these lookups succeed; '' is unreachable.
  return dropUndefined({
    eventId: event.id,
    eventTime: event.time,
    account: event.account,
    region: event.region,
    taskArn: d.taskArn,
    taskId: getTaskId(d.taskArn) ?? '',
    clusterArn: d.clusterArn,
    clusterName: getClusterName(d.clusterArn) ?? '',
    taskDefinitionArn: d.taskDefinitionArn,
    family: getTaskDefinitionFamily(d.taskDefinitionArn) ?? '',
    group: d.group,
    startedBy: d.startedBy,
    launchType: d.launchType,
    capacityProviderName: d.capacityProviderName,
    platformVersion: d.platformVersion,
    cpu: d.cpu,
    memory: d.memory,
    overrides: d.overrides ?? { containerOverrides: [] },
    containers: d.containers.map((c) =>
      dropUndefined({ name: c.name, exitCode: c.exitCode ?? undefined, reason: c.reason }),
    ),
    stopCode: d.stopCode,
    stoppedReason: d.stoppedReason,
    createdAt: d.createdAt,
    startedAt: d.startedAt,
    stoppedAt: d.stoppedAt,
    lastStatus: d.lastStatus,
    desiredStatus: d.desiredStatus,
    networkAttachment: toNetworkAttachment(d.attachments),
    enableExecuteCommand: d.enableExecuteCommand ?? false,
    ephemeralStorageGiB: d.ephemeralStorage?.sizeInGiB,
    version: d.version,
  });
}

/** ENI attachments are typed `eni` in events and `ElasticNetworkInterface` in DescribeTasks. */
function toNetworkAttachment(
  attachments: TaskStateChangeEvent['detail']['attachments'],
): NetworkAttachment | undefined {
  const eni = attachments.find((a) => a.type === 'eni' || a.type === 'ElasticNetworkInterface');
  if (eni === undefined) return undefined;
  const subnetIds = eni.details.filter((x) => x.name === 'subnetId').map((x) => x.value);
  const ip = eni.details.find((x) => x.name === 'privateIPv4Address')?.value;
  return dropUndefined({ subnetIds, privateIpv4Address: ip });
}

/** Removes keys whose value is undefined, so results compare cleanly and serialise minimally. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
