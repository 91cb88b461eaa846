/**
 * Applies a validated scenario to the account. Seeding is silent: it emits no task events and
 * records no calls. Clusters named by services, tasks or rules are created when missing.
 */
import { buildArn, lastSegment } from './arn.ts';
import { defineGenerator, putDatapoint, singleValue } from './cloudwatch/store.ts';
import type { SimContext } from './context.ts';
import { storeCluster } from './ecs/clusters.ts';
import { storeTaskDefinition } from './ecs/task-definitions.ts';
import { storeEventBus } from './eventbridge.ts';
import type { Scenario } from './scenario.ts';
import { storeScheduleGroup } from './scheduler.ts';
import { seedService, seedTasks } from './seed-workloads.ts';
import { storeQueue } from './sqs/index.ts';
import type { TaskDefinitionRecord } from './state.ts';
import type { ScheduleRecord } from './state-automation.ts';
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
  for (const bus of scenario.eventBuses) storeEventBus(ctx.account, bus);
  for (const rule of scenario.rules) seedRule(ctx, rule);
  for (const group of scenario.scheduleGroups) storeScheduleGroup(ctx.account, group, ctx.now());
  for (const schedule of scenario.schedules) seedSchedule(ctx, schedule);
  for (const machine of scenario.stateMachines) seedStateMachine(ctx, machine);
  for (const metric of scenario.metrics) seedMetric(ctx, metric);
  for (const queue of scenario.queues) {
    const record = storeQueue(ctx.account, queue.name, queue.delaySeconds);
    if (queue.policy !== undefined) record.policy = queue.policy;
  }
  for (const { accessKeyId, ...identity } of scenario.identities) {
    ctx.account.identities.set(accessKeyId, identity);
  }
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

function seedRule(ctx: SimContext, spec: Scenario['rules'][number]): void {
  const { account } = ctx;
  const bus = storeEventBus(account, spec.eventBus).name;
  // A custom bus's rule ARN names the bus: `rule/<bus>/<rule>`.
  const path = bus === 'default' ? spec.name : `${bus}/${spec.name}`;
  account.rules.set(`${bus}/${spec.name}`, {
    name: spec.name,
    arn: buildArn(account, 'events', `rule/${path}`),
    eventBusName: bus,
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

function seedSchedule(ctx: SimContext, spec: Scenario['schedules'][number]): void {
  const { account } = ctx;
  const group = storeScheduleGroup(account, spec.group, ctx.now()).name;
  const roleArn = `arn:aws:iam::${account.accountId}:role/schedulerRole`;
  let target: ScheduleRecord['target'];
  if (spec.taskDefinition !== undefined && spec.cluster !== undefined) {
    const cluster = storeCluster(account, spec.cluster);
    const taskDefinitionArn = buildArn(
      account,
      'ecs',
      `task-definition/${lastSegment(spec.taskDefinition)}`,
    );
    target = {
      Arn: cluster.arn,
      RoleArn: roleArn,
      EcsParameters: { TaskDefinitionArn: taskDefinitionArn, TaskCount: 1 },
    };
  } else if (spec.universal !== undefined) {
    const { service, action, input } = spec.universal;
    target = {
      Arn: `arn:aws:scheduler:::aws-sdk:${service}:${action}`,
      RoleArn: roleArn,
      Input: typeof input === 'string' ? input : JSON.stringify(input),
    };
  } else {
    target = { Arn: spec.targetArn ?? '', RoleArn: roleArn };
  }
  account.schedules.set(`${group}/${spec.name}`, {
    name: spec.name,
    groupName: group,
    arn: buildArn(account, 'scheduler', `schedule/${group}/${spec.name}`),
    state: spec.state,
    scheduleExpression: spec.expression,
    createdAt: ctx.now(),
    target,
  });
}

function seedStateMachine(ctx: SimContext, spec: Scenario['stateMachines'][number]): void {
  const text = (value: string | Record<string, unknown>) =>
    typeof value === 'string' ? value : JSON.stringify(value);
  const arn = buildArn(ctx.account, 'states', `stateMachine:${spec.name}`);
  ctx.account.stateMachines.set(arn, {
    name: spec.name,
    arn,
    type: spec.type,
    definition: text(spec.definition),
    createdAt: ctx.now(),
    versions: spec.versions.map((version) => ({ definition: text(version), createdAt: ctx.now() })),
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
