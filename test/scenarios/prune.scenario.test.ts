import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PruneRunReport } from '../../shared/prune/report.ts';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import { generateAccount, type Simulator, startSimulator } from '../../simulator/index.ts';
import { loadFixture } from '../support/fixtures.ts';
import { importFreshContainer } from '../support/fresh-container.ts';
import { createLambdaContext } from '../support/lambda-context.ts';
import { writePolicyFile } from '../support/policy-file.ts';

type Handler = (event: unknown, context: unknown) => Promise<PruneRunReport>;

const TIME_FACTOR = 200;
const KEEP_NEWEST = 5;

/** 20 families of 40 revisions (1-10 INACTIVE for 60 days), services, tasks and schedules. */
function createScenario() {
  const scenario = generateAccount({
    families: 20,
    revisionsPerFamily: 40,
    inactivePerFamily: 10,
    services: 20,
    tasks: 40,
    rollingEvery: 4,
    standaloneTasks: 3,
    rules: 2,
  });
  // Old revisions in use in every way the function must notice, and retain tags.
  scenario.tasks?.push(
    { cluster: 'batch', taskDefinition: 'app-0003:12', lastStatus: 'RUNNING' },
    { cluster: 'batch', taskDefinition: 'app-0005:13', lastStatus: 'PENDING' },
  );
  scenario.services?.push(
    { cluster: 'cluster-1', name: 'idle', taskDefinition: 'app-0006:14', desiredCount: 0 },
    {
      cluster: 'cluster-2',
      name: 'blue-green',
      taskDefinition: 'app-0007:20',
      deploymentController: 'CODE_DEPLOY',
      taskSets: [{ taskDefinition: 'app-0007:16', runningCount: 1 }],
    },
  );
  scenario.rules?.push({
    name: 'pinned',
    schedule: 'rate(1 day)',
    targets: [{ id: 'report', cluster: 'batch', taskDefinition: 'app-0008:17' }],
  });
  const tagged = scenario.taskDefinitions?.[9];
  tagged?.overrides?.push(
    { revisions: [18], tags: { 'ecs-autopilot:retain': 'ticket-42' } },
    { revisions: [19], tags: { 'ecs-autopilot:retain': 'false' } },
  );
  return scenario;
}

let sim: Simulator;
let handler: Handler;

/** Every task-definition ARN the account uses right now (deployments, task sets, tasks, rules). */
function revisionsInUse(): Set<string> {
  const arns = new Set<string>();
  for (const service of sim.account.services.values()) {
    for (const deployment of service.deployments) arns.add(deployment.taskDefinition);
    for (const set of service.taskSets) arns.add(set.taskDefinition);
  }
  for (const task of sim.account.tasks.values()) {
    if (task.lastStatus !== 'STOPPED') arns.add(task.taskDefinitionArn);
  }
  for (const rule of sim.account.rules.values()) {
    for (const target of rule.targets) {
      const arn = target.EcsParameters?.TaskDefinitionArn;
      if (typeof arn === 'string') arns.add(arn);
    }
  }
  return arns;
}

const statusOf = (family: string, revision: number) =>
  [...sim.account.taskDefinitions.values()].find(
    (record) => record.family === family && record.revision === revision,
  )?.status;

beforeAll(async () => {
  sim = await startSimulator({
    scenario: createScenario(),
    throttling: { enabled: true, timeFactor: TIME_FACTOR },
  });
  const policy = {
    prune: {
      dryRun: false,
      keepNewest: KEEP_NEWEST,
      maxChangesPerRun: 150,
      deleteInactive: { enabled: true, graceDays: 30 },
    },
  };
  const policyFile = writePolicyFile(policy);
  Object.assign(process.env, {
    ...simulatorEnvironment(sim.endpoint),
    POLICY_FILE: policyFile,
    DRY_RUN: 'false',
    PACING_TIME_FACTOR: String(TIME_FACTOR),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  ({ handler } = await importFreshContainer<{ handler: Handler }>('prune-task-definitions'));
});

afterAll(async () => {
  await sim?.close();
});

describe('prune-task-definitions on the simulated account', () => {
  it('prunes a backlog over several runs without touching what is used or retained', async () => {
    // Prepare
    const inUse = revisionsInUse();
    const activeBefore = [...sim.account.taskDefinitions.values()].filter(
      (record) => record.status === 'ACTIVE',
    );

    // Act: scheduled runs until the plan is empty.
    const reports: PruneRunReport[] = [];
    for (let run = 0; run < 12; run += 1) {
      const event = loadFixture('scheduled-event-prune.json');
      const report = await handler(event, createLambdaContext({ remainingMs: 120_000 }));
      reports.push(report);
      if (report.reason === 'nothing-to-prune') break;
    }

    // Assess: converged over several runs, no failure surfaced, nothing stopped early.
    expect(reports.length).toBeGreaterThanOrEqual(4);
    expect(reports.at(-1)?.reason).toBe('nothing-to-prune');
    for (const report of reports) {
      expect(report.failures).toEqual([]);
      expect(report.stoppedByTransientError).toBe(false);
      expect(report.gaps).toEqual([]);
    }
    const audits = sim.account.putEvents.filter((e) => e.detailType === 'Task Definitions Pruned');
    expect(audits).toHaveLength(reports.length);
    // Throttling never surfaced, and the pacer kept ECS from throttling almost every call.
    expect(sim.calls.throttled()).toBeLessThanOrEqual(sim.calls.all.length * 0.01);

    // Nothing in use or retained was touched; each deregistration happened exactly once.
    for (const arn of inUse) {
      const record = sim.account.taskDefinitions.get(arn);
      if (record && record.revision > 10) expect(record.status, arn).toBe('ACTIVE');
    }
    expect(statusOf('app-0009', 18)).toBe('ACTIVE');
    expect(statusOf('app-0009', 19)).toBe('INACTIVE');
    const deregistered = activeBefore.filter((record) => record.status !== 'ACTIVE');
    const okDeregistrations = sim.calls.all.filter(
      (call) => call.action === 'DeregisterTaskDefinition' && call.ok,
    ).length;
    expect(okDeregistrations).toBe(deregistered.length);
    const totals = reports.reduce((sum, report) => sum + report.summary.totals.deregistered, 0);
    expect(totals).toBe(deregistered.length);

    // Every family converged to its newest revisions plus what is used or retained.
    for (let index = 0; index < 20; index += 1) {
      const family = `app-${String(index).padStart(4, '0')}`;
      const active = [...sim.account.taskDefinitions.values()]
        .filter((record) => record.family === family && record.status === 'ACTIVE')
        .map((record) => record.revision);
      const newest = active.filter((revision) => revision > 40 - KEEP_NEWEST);
      expect(newest, family).toHaveLength(KEEP_NEWEST);
      for (const revision of active.filter((r) => r <= 40 - KEEP_NEWEST)) {
        const arn = [...sim.account.taskDefinitions.values()].find(
          (record) => record.family === family && record.revision === revision,
        )?.arn;
        expect(inUse.has(arn ?? '') || (family === 'app-0009' && revision === 18), arn).toBe(true);
      }
    }

    // Revisions INACTIVE for 60 days were deleted; those deregistered by these runs were not.
    for (const record of sim.account.taskDefinitions.values()) {
      if (record.revision <= 10) expect(record.status, record.arn).toBe('DELETE_IN_PROGRESS');
      else if (record.status !== 'ACTIVE') expect(record.status, record.arn).toBe('INACTIVE');
    }
  });
});
