/**
 * Creating task records and rendering them as the ECS API's Task shape.
 */
import { buildArn, taskArnOf } from '../arn.ts';
import { newTaskId, newUuid, type SimContext } from '../context.ts';
import { type Input, toEpochSeconds } from '../input.ts';
import type { ClusterRecord, Tag, TaskDefinitionRecord, TaskRecord } from '../state.ts';

export type NewTask = {
  cluster: ClusterRecord;
  taskDefinition: TaskDefinitionRecord;
  launchType?: string;
  capacityProviderStrategy?: Input[];
  platformVersion?: string;
  group?: string;
  startedBy?: string;
  overrides?: Input;
  networkConfiguration?: TaskRecord['networkConfiguration'];
  enableExecuteCommand?: boolean;
  tags?: Tag[];
  serviceArn?: string;
  deploymentId?: string;
  createdAt?: number;
  /** A given id (a seeded task that a recorded event names); default a new random one. */
  id?: string;
};

const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** Creates a PROVISIONING task (not yet stored) from a runnable revision. */
export function buildTask(ctx: SimContext, spec: NewTask): TaskRecord {
  const id = spec.id ?? newTaskId();
  const arn = taskArnOf(ctx.account, spec.cluster.name, id);
  const overrides = spec.overrides ?? {};
  const firstProvider = spec.capacityProviderStrategy?.[0]?.capacityProvider;
  const launchType = spec.capacityProviderStrategy ? undefined : (spec.launchType ?? 'EC2');
  const fargate = launchType === 'FARGATE' || String(firstProvider ?? '').startsWith('FARGATE');
  return {
    arn,
    id,
    clusterArn: spec.cluster.arn,
    taskDefinitionArn: spec.taskDefinition.arn,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    containers: spec.taskDefinition.containerDefinitions.map((container) => ({
      name: container.name,
      image: container.image,
      essential: container.essential !== false,
      containerArn: buildArn(
        ctx.account,
        'ecs',
        `container/${spec.cluster.name}/${id}/${newUuid()}`,
      ),
      lastStatus: 'PENDING',
    })),
    launchType: spec.capacityProviderStrategy ? (fargate ? 'FARGATE' : 'EC2') : launchType,
    capacityProviderName: typeof firstProvider === 'string' ? firstProvider : fargateName(fargate),
    capacityProviderStrategy: spec.capacityProviderStrategy,
    platformVersion: fargate ? resolvePlatform(spec.platformVersion) : undefined,
    cpu: stringOrUndefined(overrides.cpu ?? spec.taskDefinition.body.cpu),
    memory: stringOrUndefined(overrides.memory ?? spec.taskDefinition.body.memory),
    group: spec.group ?? `family:${spec.taskDefinition.family}`,
    startedBy: spec.startedBy,
    overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [], ...overrides },
    networkConfiguration: spec.networkConfiguration,
    enableExecuteCommand: spec.enableExecuteCommand ?? false,
    availabilityZone: zones[id.charCodeAt(0) % zones.length] ?? 'us-east-1a',
    createdAt: spec.createdAt ?? ctx.now(),
    version: 1,
    tags: spec.tags ?? [],
    serviceArn: spec.serviceArn,
    deploymentId: spec.deploymentId,
    health: healthOf(spec.taskDefinition),
  };
}

/**
 * Health of a task whose essential containers define a health check (ECS HealthCheck data type:
 * `interval` defaults to 30 s; the task is UNKNOWN while its checks are still being evaluated).
 */
function healthOf(taskDefinition: TaskDefinitionRecord): TaskRecord['health'] {
  const checks = taskDefinition.containerDefinitions
    .filter((container) => container.essential !== false)
    .flatMap((container) => {
      const check = container.healthCheck;
      return typeof check === 'object' && check !== null ? [check as { interval?: unknown }] : [];
    });
  if (checks.length === 0) return undefined;
  const intervals = checks.map((check) =>
    typeof check.interval === 'number' ? check.interval : 30,
  );
  return { status: 'UNKNOWN', intervalMs: Math.max(...intervals) * 1000 };
}

/** The task's health status as DescribeTasks reports it. */
function healthStatusOf(task: TaskRecord): string {
  return task.health?.status ?? 'UNKNOWN';
}

function fargateName(fargate: boolean): string | undefined {
  return fargate ? 'FARGATE' : undefined;
}

function resolvePlatform(version: string | undefined): string {
  return version === undefined || version === 'LATEST' ? '1.4.0' : version;
}

function stringOrUndefined(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/** The subnet a task was placed in, when it uses awsvpc networking. */
export function subnetOf(task: TaskRecord): string | undefined {
  return task.networkConfiguration?.awsvpcConfiguration?.subnets?.[0];
}

/** The ENI attachment ECS reports for awsvpc tasks (`type` differs between API and events). */
export function eniAttachment(task: TaskRecord, type: string): Input[] {
  const subnet = subnetOf(task);
  if (subnet === undefined) return [];
  const status = task.lastStatus === 'STOPPED' ? 'DELETED' : 'ATTACHED';
  const suffix = task.id.slice(0, 17);
  return [
    {
      id: `${task.id.slice(0, 8)}-eni`,
      type,
      status,
      details: [
        { name: 'subnetId', value: subnet },
        { name: 'networkInterfaceId', value: `eni-${suffix}` },
        { name: 'macAddress', value: '0a:12:34:56:78:9a' },
        {
          name: 'privateIPv4Address',
          value: `10.0.${task.id.charCodeAt(1)}.${task.id.charCodeAt(2)}`,
        },
      ],
    },
  ];
}

/** The API's Task shape (timestamps in epoch seconds; tags only when asked for). */
export function toWireTask(task: TaskRecord, withTags: boolean): Input {
  return {
    taskArn: task.arn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    containers: task.containers.map((container) => ({
      containerArn: container.containerArn,
      taskArn: task.arn,
      name: container.name,
      image: container.image,
      lastStatus: container.lastStatus,
      exitCode: container.exitCode,
      reason: container.reason,
      networkInterfaces: [],
    })),
    launchType: task.launchType,
    capacityProviderName: task.capacityProviderName,
    platformVersion: task.platformVersion,
    cpu: task.cpu,
    memory: task.memory,
    group: task.group,
    startedBy: task.startedBy,
    overrides: task.overrides,
    attachments: eniAttachment(task, 'ElasticNetworkInterface'),
    availabilityZone: task.availabilityZone,
    connectivity: task.lastStatus === 'PROVISIONING' ? undefined : 'CONNECTED',
    enableExecuteCommand: task.enableExecuteCommand,
    healthStatus: healthStatusOf(task),
    createdAt: toEpochSeconds(task.createdAt),
    startedAt: toEpochSeconds(task.startedAt),
    stoppingAt: toEpochSeconds(task.stoppingAt),
    stoppedAt: toEpochSeconds(task.stoppedAt),
    executionStoppedAt: toEpochSeconds(task.stoppedAt),
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    version: task.version,
    tags: withTags ? task.tags : undefined,
  };
}
