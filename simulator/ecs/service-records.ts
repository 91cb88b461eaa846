/**
 * Service records: creation (from CreateService or a scenario) and the API's Service shape,
 * whose counts are derived from the service's tasks so they never disagree.
 */
import { buildArn, serviceArnOf } from '../arn.ts';
import { newUuid } from '../context.ts';
import { type Input, toEpochSeconds } from '../input.ts';
import type {
  Account,
  ClusterRecord,
  DeploymentRecord,
  ServiceRecord,
  Tag,
  TaskRecord,
} from '../state.ts';

export type NewService = {
  cluster: ClusterRecord;
  name: string;
  taskDefinitionArn: string;
  desiredCount: number;
  launchType?: string;
  capacityProviderStrategy?: unknown[];
  platformVersion?: string;
  schedulingStrategy?: ServiceRecord['schedulingStrategy'];
  deploymentController?: ServiceRecord['deploymentController'];
  networkConfiguration?: unknown;
  tags?: Tag[];
  createdAt: number;
};

/** A new service with one completed PRIMARY deployment (task sets for non-ECS controllers). */
export function buildService(account: Account, spec: NewService): ServiceRecord {
  const arn = serviceArnOf(account, spec.cluster.name, spec.name);
  const controller = spec.deploymentController ?? 'ECS';
  const deployment = newDeployment(spec.taskDefinitionArn, spec.createdAt);
  deployment.rolloutState = 'COMPLETED';
  const id = `ecs-svc/${newUuid().replaceAll('-', '').slice(0, 19)}`;
  return {
    arn,
    name: spec.name,
    clusterArn: spec.cluster.arn,
    status: 'ACTIVE',
    desiredCount: spec.desiredCount,
    launchType: spec.capacityProviderStrategy ? undefined : (spec.launchType ?? 'FARGATE'),
    capacityProviderStrategy: spec.capacityProviderStrategy,
    platformVersion: spec.platformVersion,
    schedulingStrategy: spec.schedulingStrategy ?? 'REPLICA',
    deploymentController: controller,
    deployments: controller === 'ECS' ? [{ ...deployment, id }] : [],
    taskSets:
      controller === 'ECS'
        ? []
        : [
            {
              id: `ecs-svc/${newUuid().slice(0, 8)}`,
              arn: buildArn(account, 'ecs', `task-set/${spec.cluster.name}/${spec.name}/ecs-svc`),
              status: 'PRIMARY',
              taskDefinition: spec.taskDefinitionArn,
              scale: 100,
              runningCount: spec.desiredCount,
            },
          ],
    networkConfiguration: spec.networkConfiguration,
    createdAt: spec.createdAt,
    tags: spec.tags ?? [],
  };
}

/** A new IN_PROGRESS PRIMARY deployment of a revision. */
export function newDeployment(taskDefinition: string, now: number): DeploymentRecord {
  return {
    id: `ecs-svc/${newUuid().replaceAll('-', '').slice(0, 19)}`,
    status: 'PRIMARY',
    taskDefinition,
    createdAt: now,
    updatedAt: now,
    rolloutState: 'IN_PROGRESS',
  };
}

/** Tasks of a service that have not stopped. */
export function liveServiceTasks(account: Account, service: ServiceRecord): TaskRecord[] {
  return [...account.tasks.values()].filter(
    (task) => task.serviceArn === service.arn && task.lastStatus !== 'STOPPED',
  );
}

function counts(tasks: TaskRecord[]) {
  const running = tasks.filter((task) => task.lastStatus === 'RUNNING').length;
  return { runningCount: running, pendingCount: tasks.length - running };
}

const rolloutStateReasons: Record<DeploymentRecord['rolloutState'], string> = {
  COMPLETED: 'ECS deployment completed.',
  IN_PROGRESS: 'ECS deployment in progress.',
  FAILED: 'ECS deployment circuit breaker: tasks failed to start.',
};

/** The API's Service shape. */
export function toWireService(account: Account, service: ServiceRecord, withTags: boolean): Input {
  const live = liveServiceTasks(account, service).filter(
    (task) => task.desiredStatus === 'RUNNING',
  );
  const primary = service.deployments[0];
  const primaryTaskSet = service.taskSets.find((taskSet) => taskSet.status === 'PRIMARY');
  const taskSetRunning = service.taskSets.reduce((sum, taskSet) => sum + taskSet.runningCount, 0);
  const totals =
    service.deploymentController === 'ECS'
      ? counts(live)
      : { runningCount: taskSetRunning, pendingCount: 0 };
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    status: service.status,
    desiredCount: service.desiredCount,
    ...totals,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.platformVersion,
    taskDefinition: primary?.taskDefinition ?? primaryTaskSet?.taskDefinition,
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: false, rollback: false },
    },
    deployments: service.deployments.map((deployment, index) => ({
      id: deployment.id,
      status: deployment.status,
      taskDefinition: deployment.taskDefinition,
      desiredCount: index === 0 ? service.desiredCount : 0,
      ...counts(live.filter((task) => task.deploymentId === deployment.id)),
      failedTasks: 0,
      createdAt: toEpochSeconds(deployment.createdAt),
      updatedAt: toEpochSeconds(deployment.updatedAt),
      launchType: service.launchType,
      rolloutState: deployment.rolloutState,
      rolloutStateReason: rolloutStateReasons[deployment.rolloutState],
    })),
    taskSets: service.taskSets.map((taskSet) => ({
      id: taskSet.id,
      taskSetArn: taskSet.arn,
      serviceArn: service.arn,
      clusterArn: service.clusterArn,
      status: taskSet.status,
      taskDefinition: taskSet.taskDefinition,
      computedDesiredCount: Math.ceil((service.desiredCount * taskSet.scale) / 100),
      pendingCount: 0,
      runningCount: taskSet.runningCount,
      scale: { value: taskSet.scale, unit: 'PERCENT' },
      stabilityStatus: 'STEADY_STATE',
    })),
    deploymentController: { type: service.deploymentController },
    schedulingStrategy: service.schedulingStrategy,
    networkConfiguration: service.networkConfiguration,
    events: [],
    placementConstraints: [],
    placementStrategy: [],
    createdAt: toEpochSeconds(service.createdAt),
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    tags: withTags ? service.tags : undefined,
  };
}
