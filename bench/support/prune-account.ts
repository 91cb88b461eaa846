/**
 * The prune benchmarks' account and the audit of what a run did to it. One account serves the
 * throughput, efficiency and baseline figures, so they compare like with like.
 */
import { generateAccount, type ScenarioInput, type Simulator } from '../../simulator/index.ts';

/** Account shape quoted in the report. */
export const pruneAccountShape = {
  families: 200,
  revisionsPerFamily: 60,
  inactivePerFamily: 10,
  services: 200,
  serviceTasks: 2000,
} as const;

/**
 * 12,000 revisions in 200 families (the oldest 10 of each INACTIVE for 60 days: 2,000 to delete,
 * 10,000 ACTIVE), 200 services with 2,000 tasks. Added so that "wrongly touched" can happen:
 * old revisions in use by a service, a draining deployment, a standalone task (RUNNING and
 * PENDING), a scheduled rule on the default bus and a rule on a custom bus, an EventBridge
 * Scheduler schedule, a Step Functions state machine (nested in a Map state) and a published
 * version of it, and a family whose name extends another's (`app-0199-canary`), which a
 * `familyPrefix` listing mixes into `app-0199`.
 */
export function buildPruneAccount(): ScenarioInput {
  const { families, revisionsPerFamily, inactivePerFamily, services, serviceTasks } =
    pruneAccountShape;
  const scenario = generateAccount({
    families,
    revisionsPerFamily,
    inactivePerFamily,
    services,
    tasks: serviceTasks,
  });
  const definitions = scenario.taskDefinitions ?? [];
  const serviceList = scenario.services ?? [];
  const canary = definitions[198];
  const canaryService = serviceList[198];
  if (canary) canary.family = 'app-0199-canary';
  if (canaryService) canaryService.taskDefinition = `app-0199-canary:${revisionsPerFamily}`;
  const pinned = serviceList[10];
  if (pinned) pinned.taskDefinition = 'app-0010:20';
  const rolling = serviceList[20];
  if (rolling) rolling.olderDeployments = [{ taskDefinition: 'app-0020:30', runningCount: 0 }];
  scenario.tasks = [
    ...(scenario.tasks ?? []),
    { cluster: 'batch', taskDefinition: 'app-0030:25', lastStatus: 'RUNNING' },
    { cluster: 'batch', taskDefinition: 'app-0031:26', lastStatus: 'PENDING' },
  ];
  scenario.rules = [
    {
      name: 'nightly-report',
      schedule: 'cron(0 3 * * ? *)',
      targets: [{ id: 'report', cluster: 'batch', taskDefinition: 'app-0040:35' }],
    },
    {
      name: 'hourly-sync',
      schedule: 'rate(1 hour)',
      targets: [{ id: 'sync', cluster: 'batch', taskDefinition: 'app-0041' }],
    },
    {
      name: 'on-order',
      eventBus: 'orders',
      eventPattern: '{"source":["shop"]}',
      targets: [{ id: 'fulfil', cluster: 'batch', taskDefinition: 'app-0042:36' }],
    },
  ];
  scenario.eventBuses = ['orders'];
  scenario.schedules = [
    { name: 'monthly-close', group: 'finance', cluster: 'batch', taskDefinition: 'app-0043:37' },
  ];
  scenario.stateMachines = [
    {
      name: 'nightly-etl',
      definition: mapOverRunTask('app-0044:38'),
      versions: [mapOverRunTask('app-0045:39')],
    },
  ];
  return scenario;
}

/** A state machine definition whose Map state runs one task definition on ECS per item. */
function mapOverRunTask(taskDefinition: string): Record<string, unknown> {
  const run = {
    Type: 'Task',
    Resource: 'arn:aws:states:::ecs:runTask.sync',
    Parameters: { Cluster: 'batch', TaskDefinition: taskDefinition },
    End: true,
  };
  return {
    StartAt: 'Each',
    States: {
      Each: { Type: 'Map', ItemProcessor: { StartAt: 'Run', States: { Run: run } }, End: true },
    },
  };
}

/** Why a revision must survive any prune. */
export type ProtectedRevisions = Map<string, string>;

/** The account's revision states before a run, and what must not be touched. */
export type RevisionSnapshot = {
  active: Set<string>;
  inactive: Set<string>;
  protected: ProtectedRevisions;
};

/**
 * Snapshots revision states and lists the protected revisions: in use by a service deployment or
 * task set, a task not STOPPED, a rule on any bus (a family-only target means its latest ACTIVE),
 * a schedule, a state machine or one of its versions, and every family's last ACTIVE revision.
 */
export function snapshotRevisions(sim: Simulator): RevisionSnapshot {
  const { account } = sim;
  const active = new Set<string>();
  const inactive = new Set<string>();
  const latest = new Map<string, { arn: string; revision: number }>();
  for (const record of account.taskDefinitions.values()) {
    if (record.status === 'INACTIVE') inactive.add(record.arn);
    if (record.status !== 'ACTIVE') continue;
    active.add(record.arn);
    const known = latest.get(record.family);
    if (!known || known.revision < record.revision) latest.set(record.family, record);
  }
  const guarded: ProtectedRevisions = new Map();
  const guard = (arn: string, reason: string) => {
    if (!guarded.has(arn)) guarded.set(arn, reason);
  };
  for (const service of account.services.values()) {
    for (const deployment of service.deployments) guard(deployment.taskDefinition, 'service');
    for (const set of service.taskSets) guard(set.taskDefinition, 'task set');
  }
  for (const task of account.tasks.values()) {
    if (task.lastStatus !== 'STOPPED') guard(task.taskDefinitionArn, 'task');
  }
  for (const rule of account.rules.values()) {
    for (const target of rule.targets) {
      const arn = target.EcsParameters?.TaskDefinitionArn;
      if (typeof arn !== 'string') continue;
      const family = /task-definition\/([^:]+)$/.exec(arn)?.[1];
      const resolved = family === undefined ? arn : latest.get(family)?.arn;
      if (resolved !== undefined) guard(resolved, 'scheduled rule');
    }
  }
  for (const schedule of account.schedules.values()) {
    const arn = schedule.target.EcsParameters?.TaskDefinitionArn;
    if (typeof arn === 'string') guard(arn, 'schedule');
  }
  for (const machine of account.stateMachines.values()) {
    for (const definition of [machine.definition, ...machine.versions.map((v) => v.definition)]) {
      for (const match of definition.matchAll(/"TaskDefinition":"([^"]+)"/g)) {
        const [family, revision] = (match[1] ?? '').split(':');
        const arn = `arn:aws:ecs:${account.region}:${account.accountId}:task-definition/${family}:${revision}`;
        guard(arn, 'state machine');
      }
    }
  }
  for (const { arn } of latest.values()) guard(arn, 'last ACTIVE of its family');
  return { active, inactive, protected: guarded };
}

/** What a run changed, judged against the snapshot. */
export type RevisionAudit = {
  deregistered: number;
  deleted: number;
  /** Protected revisions no longer ACTIVE, with the reason they were protected. */
  wronglyTouched: { arn: string; reason: string }[];
  /** Successful DeregisterTaskDefinition calls beyond one per revision deregistered. */
  duplicateDeregistrations: number;
};

/** Compares the account with its snapshot, counting successful deregistrations from the call log. */
export function auditRevisions(sim: Simulator, before: RevisionSnapshot): RevisionAudit {
  const statusOf = (arn: string) => sim.account.taskDefinitions.get(arn)?.status ?? 'GONE';
  const deregistered = [...before.active].filter((arn) => statusOf(arn) !== 'ACTIVE').length;
  const deleted = [...before.inactive].filter((arn) => statusOf(arn) !== 'INACTIVE').length;
  const wronglyTouched = [...before.protected]
    .filter(([arn]) => before.active.has(arn) && statusOf(arn) !== 'ACTIVE')
    .map(([arn, reason]) => ({ arn, reason }));
  const okDeregistrations = sim.calls.all.filter(
    (call) => call.action === 'DeregisterTaskDefinition' && call.ok,
  ).length;
  return {
    deregistered,
    deleted,
    wronglyTouched,
    duplicateDeregistrations: okDeregistrations - deregistered,
  };
}
