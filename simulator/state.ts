/**
 * The simulated account's state: plain records the handlers read and write, and that tests
 * inspect directly (`sim.account`). Times are epoch milliseconds.
 */
import type { MetricStore } from './cloudwatch/store.ts';
import type { IdentityRecord, PolicyDocument } from './iam.ts';
import type {
  EventBusRecord,
  ScheduleGroupRecord,
  ScheduleRecord,
  StateMachineRecord,
} from './state-automation.ts';

/** ECS tag as the ECS API spells it. */
export type Tag = { key: string; value: string };

export const TaskDefinitionStatus = {
  active: 'ACTIVE',
  inactive: 'INACTIVE',
  deleteInProgress: 'DELETE_IN_PROGRESS',
} as const;
export type TaskDefinitionStatus = (typeof TaskDefinitionStatus)[keyof typeof TaskDefinitionStatus];

export type ContainerDefinition = {
  name: string;
  image: string;
  essential?: boolean;
  [field: string]: unknown;
};

export type TaskDefinitionRecord = {
  arn: string;
  family: string;
  revision: number;
  status: TaskDefinitionStatus;
  registeredAt: number;
  deregisteredAt?: number;
  deleteRequestedAt?: number;
  containerDefinitions: ContainerDefinition[];
  /** The remaining RegisterTaskDefinition fields (cpu, memory, networkMode, …) echoed back. */
  body: Record<string, unknown>;
  tags: Tag[];
};

export type ClusterRecord = { name: string; arn: string; tags: Tag[] };

export type DeploymentRecord = {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: string;
  createdAt: number;
  updatedAt: number;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
};

export type TaskSetRecord = {
  id: string;
  arn: string;
  status: 'PRIMARY' | 'ACTIVE' | 'DRAINING';
  taskDefinition: string;
  scale: number;
  runningCount: number;
};

export type ServiceRecord = {
  arn: string;
  name: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  launchType?: string;
  capacityProviderStrategy?: unknown[];
  platformVersion?: string;
  schedulingStrategy: 'REPLICA' | 'DAEMON';
  deploymentController: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
  deployments: DeploymentRecord[];
  taskSets: TaskSetRecord[];
  networkConfiguration?: unknown;
  createdAt: number;
  tags: Tag[];
  /** Every UpdateService that changed desiredCount (simulator time), for benchmarks and tests. */
  desiredCountChanges?: { at: number; from: number; to: number }[];
};

export type ContainerRecord = {
  name: string;
  image: string;
  containerArn: string;
  essential: boolean;
  lastStatus: string;
  exitCode?: number;
  reason?: string;
};

export type TaskRecord = {
  arn: string;
  id: string;
  clusterArn: string;
  taskDefinitionArn: string;
  lastStatus: 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  containers: ContainerRecord[];
  launchType?: string;
  capacityProviderName?: string;
  capacityProviderStrategy?: unknown[];
  platformVersion?: string;
  cpu?: string;
  memory?: string;
  group: string;
  startedBy?: string;
  overrides: Record<string, unknown>;
  /** Kept for assertions; DescribeTasks never returns it (as in AWS). */
  networkConfiguration?: {
    awsvpcConfiguration?: {
      subnets?: string[];
      securityGroups?: string[];
      assignPublicIp?: string;
    };
  };
  enableExecuteCommand: boolean;
  availabilityZone: string;
  createdAt: number;
  startedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  /**
   * A stop announced ahead of time (Fargate Spot's interruption warning): the task keeps RUNNING
   * with desiredStatus STOPPED until `dueAt`, then stops with this exit code.
   */
  pendingStop?: { dueAt: number; exitCode: number };
  stopCode?: string;
  stoppedReason?: string;
  version: number;
  tags: Tag[];
  /** `service:<name>` tasks belong to a service deployment. */
  serviceArn?: string;
  deploymentId?: string;
  protection?: { enabled: boolean; expiresAt?: number };
  /**
   * Container health checks of the essential containers: UNKNOWN until the first check passes
   * (`healthyAt`, one `interval` after the task started), then HEALTHY; `sim.ecs.setTaskHealth`
   * pins a status. Absent: no health check, so DescribeTasks says UNKNOWN.
   */
  health?: { status: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN'; intervalMs: number; healthyAt?: number };
};

export type RuleTarget = {
  Id: string;
  Arn: string;
  RoleArn?: string;
  EcsParameters?: Record<string, unknown>;
  [field: string]: unknown;
};

export type RuleRecord = {
  name: string;
  arn: string;
  eventBusName: string;
  scheduleExpression?: string;
  eventPattern?: string;
  state: 'ENABLED' | 'DISABLED';
  targets: RuleTarget[];
};

export type PutEventRecord = {
  source: string;
  detailType: string;
  detail: unknown;
  resources: string[];
  eventBusName: string;
  at: number;
  eventId: string;
};

export type SqsMessageRecord = {
  messageId: string;
  body: string;
  messageAttributes: Record<
    string,
    { DataType: string; StringValue?: string; BinaryValue?: string }
  >;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  receiptHandle?: string;
};

export type QueueRecord = {
  name: string;
  arn: string;
  delaySeconds: number;
  visibilityTimeoutSeconds: number;
  messages: SqsMessageRecord[];
  /** The queue's resource policy (`Policy` attribute), evaluated for SendMessage. */
  policy?: PolicyDocument;
};

export type ScalableTargetRecord = {
  ResourceId: string;
  ScalableDimension: string;
  ServiceNamespace: string;
  MinCapacity: number;
  MaxCapacity: number;
  RoleARN: string;
  CreationTime: number;
};

/** The whole simulated account. Maps are keyed by ARN unless stated. */
export type Account = {
  region: string;
  accountId: string;
  clusters: Map<string, ClusterRecord>;
  taskDefinitions: Map<string, TaskDefinitionRecord>;
  /** Last revision number handed out per family (revisions are never reused). */
  lastRevision: Map<string, number>;
  services: Map<string, ServiceRecord>;
  tasks: Map<string, TaskRecord>;
  /** RunTask clientToken → request fingerprint and the tasks it started. */
  clientTokens: Map<string, { fingerprint: string; taskArns: string[] }>;
  /** Keyed by `<bus>/<rule>`. */
  rules: Map<string, RuleRecord>;
  /** Keyed by bus name. */
  eventBuses: Map<string, EventBusRecord>;
  putEvents: PutEventRecord[];
  /** Keyed by group name. */
  scheduleGroups: Map<string, ScheduleGroupRecord>;
  /** Keyed by `<group>/<schedule>`. */
  schedules: Map<string, ScheduleRecord>;
  /** Keyed by state machine ARN (unqualified). */
  stateMachines: Map<string, StateMachineRecord>;
  /** Keyed by queue name. */
  queues: Map<string, QueueRecord>;
  scalableTargets: ScalableTargetRecord[];
  metrics: MetricStore;
  /** CloudFormation stacks by name: only their resources, for ListStackResources. */
  stacks: Map<string, StackResourceRecord[]>;
  /** Principals by access key id (scenario `identities`); unknown keys are IAM users. */
  identities: Map<string, IdentityRecord>;
};

/** One resource of a stack, as ListStackResources summarizes it. */
export type StackResourceRecord = { logicalId: string; physicalId: string; type: string };
