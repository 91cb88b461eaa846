/**
 * Applies a validated scenario to the account. Seeding is silent: it emits no task events and
 * records no calls. Clusters named by services, tasks or rules are created when missing.
 */
import { buildArn, lastSegment } from './arn.ts';
import { defineGenerator, putDatapoint, singleValue } from './cloudwatch/store.ts';
import type { SimContext } from './context.ts';
import { storeCluster } from './ecs/clusters.ts';
import { buildService, newDeployment } from './ecs/service-records.ts';
import { findTaskDefinition, storeTaskDefinition } from './ecs/task-definitions.ts';
import { buildTask } from './ecs/task-records.ts';
import type { Scenario } from './scenario.ts';
import { storeQueue } from './sqs/index.ts';
import type { TaskDefinitionRecord, TaskRecord } from './state.ts';
import { tagsFromRecord } from './tags.ts';

/** Seeds everything the scenario describes, in dependency order. */
export function applyScenario(ctx: SimContext, scenario: Scenario): void {
  for (const cluster of scenario.clusters) {
    if (typeof cluster === 'string') storeCluster(ctx.account, cluster);
    else storeCluster(ctx.account, cluster.name, tagsFromRecord(cluster.tags));
  }
  for (const family of scenario.taskDefinitions) seedFamily(ctx, family);
  for (const service of scenario.services) seedService(ctx, service);
  for (const task of scenario.tasks) seedTasks(ctx, task);
  for (const rule of scenario.rules) seedRule(ctx, rule);
  for (const metric of scenario.metrics) seedMetric(ctx, metric);
  for (const queue of scenario.queues) storeQueue(ctx.account, queue.name, queue.delaySeconds);
}

function expand(revisions: (number | string)[]): number[] {
  return revisions.flatMap((entry) => {
    if (typeof entry === 'number') return [entry];
    const [from = 0, to = 0] = entry.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, index) => from + index);
  });
}

function seedFamily(ctx: SimContext, family: Scenario['taskDefinitions'][number]): void {
  const now = ctx.now();
  const count = family.revisions;
  const records: TaskDefinitionRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const share = count === 1 ? 1 : index / (count - 1);
    const age = family.oldestAge + (family.newestAge - family.oldestAge) * share;
    const revision = (ctx.account.lastRevision.get(family.family) ?? 0) + 1;
    records.push(
      storeTaskDefinition(ctx.account, {
        family: family.family,
        containerDefinitions: family.containers?.map((c) => ({
          ...c,
          essential: c.essential !== false,
        })) ?? [{ name: 'app', image: `example/${family.family}:${revision}`, essential: true }],
        body: {
          networkMode: family.networkMode,
          requiresCompatibilities: family.requiresCompatibilities,
          cpu: family.cpu,
          memory: family.memory,
        },
        tags: tagsFromRecord(family.tags),
        registeredAt: Math.round(now - age),
      }),
    );
  }
  for (const override of family.overrides) {
    for (const revision of expand(override.revisions)) {
      const record = records[revision - 1];
      if (!record) continue;
      if (override.tags) record.tags = [...record.tags, ...tagsFromRecord(override.tags)];
      if (!override.status || override.status === 'ACTIVE') continue;
      record.status = override.status;
      // Without an explicit age, a revision was deregistered when its successor was registered.
      const successor = records[revision]?.registeredAt ?? now;
      record.deregisteredAt =
        override.deregisteredAge === undefined ? successor : now - override.deregisteredAge;
      if (override.status === 'DELETE_IN_PROGRESS') record.deleteRequestedAt = now;
    }
  }
}

function markRunning(task: TaskRecord, createdAt: number): void {
  task.lastStatus = 'RUNNING';
  task.startedAt = createdAt + 30_000;
  for (const container of task.containers) container.lastStatus = 'RUNNING';
}

function seedService(ctx: SimContext, spec: Scenario['services'][number]): void {
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

function seedTasks(ctx: SimContext, spec: Scenario['tasks'][number]): void {
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

function seedRule(ctx: SimContext, spec: Scenario['rules'][number]): void {
  const { account } = ctx;
  account.rules.set(`default/${spec.name}`, {
    name: spec.name,
    arn: buildArn(account, 'events', `rule/${spec.name}`),
    eventBusName: 'default',
    scheduleExpression: spec.schedule,
    eventPattern: spec.eventPattern,
    state: spec.state,
    targets: spec.targets.map((target) => {
      const cluster = storeCluster(account, target.cluster);
      const vpc = target.networkConfiguration?.awsvpcConfiguration;
      return {
        Id: target.id,
        Arn: cluster.arn,
        RoleArn: `arn:aws:iam::${account.accountId}:role/ecsEventsRole`,
        EcsParameters: {
          TaskDefinitionArn: buildArn(
            account,
            'ecs',
            `task-definition/${lastSegment(target.taskDefinition)}`,
          ),
          TaskCount: target.taskCount,
          LaunchType: target.launchType,
          NetworkConfiguration: vpc
            ? {
                awsvpcConfiguration: {
                  Subnets: vpc.subnets,
                  SecurityGroups: vpc.securityGroups,
                  AssignPublicIp: vpc.assignPublicIp,
                },
              }
            : undefined,
        },
      };
    }),
  });
}

function seedMetric(ctx: SimContext, spec: Scenario['metrics'][number]): void {
  const key = { namespace: spec.namespace, metricName: spec.name, dimensions: spec.dimensions };
  const now = ctx.now();
  for (const point of spec.points)
    putDatapoint(ctx.account.metrics, key, singleValue(now - point.age, point.value));
  const constant = spec.constant;
  if (constant) {
    const from = now - constant.since;
    defineGenerator(ctx.account.metrics, key, (at) => (at >= from ? constant.value : undefined));
  }
}
