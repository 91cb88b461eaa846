/**
 * Seeds services (with their deployments, task sets, running tasks and scalable targets) and
 * standalone tasks. Seeded tasks emit no events.
 */
import { buildArn } from './arn.ts';
import type { SimContext } from './context.ts';
import { storeCluster } from './ecs/clusters.ts';
import { buildService, newDeployment } from './ecs/service-records.ts';
import { findTaskDefinition } from './ecs/task-definitions.ts';
import { buildTask } from './ecs/task-records.ts';
import type { Scenario } from './scenario.ts';
import type { TaskRecord } from './state.ts';
import { tagsFromRecord } from './tags.ts';

function markRunning(task: TaskRecord, createdAt: number): void {
  task.lastStatus = 'RUNNING';
  task.startedAt = createdAt + 30_000;
  if (task.health) task.health.healthyAt = task.startedAt + task.health.intervalMs;
  for (const container of task.containers) container.lastStatus = 'RUNNING';
}

/** Seeds one service and its running tasks. */
export function seedService(ctx: SimContext, spec: Scenario['services'][number]): void {
  const cluster = storeCluster(ctx.account, spec.cluster);
  const createdAt = ctx.now() - spec.age;
  const primary = findTaskDefinition(ctx, spec.taskDefinition);
  const service = buildService(ctx.account, {
    cluster,
    name: spec.name,
    taskDefinitionArn: primary.arn,
    desiredCount: spec.desiredCount,
    launchType: spec.launchType,
    capacityProviderStrategy: spec.capacityProviderStrategy,
    schedulingStrategy: spec.schedulingStrategy,
    deploymentController: spec.deploymentController,
    networkConfiguration: spec.networkConfiguration,
    tags: tagsFromRecord(spec.tags),
    createdAt,
  });
  ctx.account.services.set(service.arn, service);
  const groups = [
    { deployment: service.deployments[0], runningCount: spec.runningCount ?? spec.desiredCount },
  ];
  for (const older of spec.olderDeployments) {
    const deployment = newDeployment(findTaskDefinition(ctx, older.taskDefinition).arn, createdAt);
    deployment.status = 'ACTIVE';
    service.deployments.push(deployment);
    groups.push({ deployment, runningCount: older.runningCount });
  }
  const primaryDeployment = service.deployments[0];
  if (primaryDeployment && spec.olderDeployments.length > 0)
    primaryDeployment.rolloutState = 'IN_PROGRESS';
  if (primaryDeployment && spec.rolloutState) primaryDeployment.rolloutState = spec.rolloutState;
  for (const taskSet of spec.taskSets) {
    service.taskSets.push({
      id: `ecs-svc/set${service.taskSets.length}`,
      arn: buildArn(
        ctx.account,
        'ecs',
        `task-set/${cluster.name}/${spec.name}/set${service.taskSets.length}`,
      ),
      status: 'ACTIVE',
      taskDefinition: findTaskDefinition(ctx, taskSet.taskDefinition).arn,
      scale: 0,
      runningCount: taskSet.runningCount,
    });
  }
  if (service.deploymentController === 'ECS') {
    for (const group of groups) {
      if (!group.deployment) continue;
      const taskDefinition = findTaskDefinition(ctx, group.deployment.taskDefinition);
      for (let index = 0; index < group.runningCount; index += 1) {
        const task = buildTask(ctx, {
          cluster,
          taskDefinition,
          launchType: service.launchType,
          capacityProviderStrategy: spec.capacityProviderStrategy,
          group: `service:${service.name}`,
          startedBy: group.deployment.id,
          networkConfiguration: spec.networkConfiguration,
          serviceArn: service.arn,
          deploymentId: group.deployment.id,
          createdAt,
        });
        markRunning(task, createdAt);
        ctx.account.tasks.set(task.arn, task);
      }
    }
  }
  if (spec.autoscaling) {
    ctx.account.scalableTargets.push({
      ServiceNamespace: 'ecs',
      ResourceId: `service/${cluster.name}/${spec.name}`,
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: spec.autoscaling.min,
      MaxCapacity: spec.autoscaling.max,
      RoleARN: `arn:aws:iam::${ctx.account.accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
      CreationTime: createdAt,
    });
  }
}

/** Seeds `count` standalone tasks. */
export function seedTasks(ctx: SimContext, spec: Scenario['tasks'][number]): void {
  const cluster = storeCluster(ctx.account, spec.cluster);
  const taskDefinition = findTaskDefinition(ctx, spec.taskDefinition);
  const now = ctx.now();
  for (let index = 0; index < spec.count; index += 1) {
    const createdAt = now - spec.age;
    const task = buildTask(ctx, {
      cluster,
      taskDefinition,
      launchType: spec.launchType,
      capacityProviderStrategy: spec.capacityProviderStrategy,
      group: spec.group,
      startedBy: spec.startedBy,
      networkConfiguration: spec.networkConfiguration,
      tags: tagsFromRecord(spec.tags),
      createdAt,
      id: spec.id,
    });
    task.lastStatus = spec.lastStatus === 'STOPPED' ? 'RUNNING' : spec.lastStatus;
    if (
      spec.lastStatus === 'RUNNING' ||
      (spec.lastStatus === 'STOPPED' && spec.stopCode !== 'TaskFailedToStart')
    ) {
      markRunning(task, createdAt);
    }
    if (spec.lastStatus === 'STOPPED') stopSeeded(task, spec, now);
    ctx.account.tasks.set(task.arn, task);
  }
}

function stopSeeded(task: TaskRecord, spec: Scenario['tasks'][number], now: number): void {
  task.lastStatus = 'STOPPED';
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = now;
  task.stoppedAt = now;
  task.stopCode = spec.stopCode ?? 'EssentialContainerExited';
  task.stoppedReason = spec.stoppedReason ?? 'Essential container in task exited';
  for (const container of task.containers) {
    container.lastStatus = 'STOPPED';
    const code =
      typeof spec.exitCodes === 'number' ? spec.exitCodes : spec.exitCodes?.[container.name];
    if (code !== undefined) container.exitCode = code;
  }
}
