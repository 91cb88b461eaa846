import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetRevisionTimes } from '../../shared/prune/inventory/revision-times.ts';
import type { PruneRunReport } from '../../shared/prune/report.ts';
import { resetLoadedConfig } from '../../shared/runtime/create-handler.ts';
import { loadFixture } from '../support/fixtures.ts';
import { createLambdaContext } from '../support/lambda-context.ts';
import {
  type FakeAccount,
  type FakeRevision,
  mockAwsClients,
  revisionArn,
  serveFakeAccount,
} from './prune-fake-account.ts';

Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AUDIT_EVENT_BUS_NAME: 'audit',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
});
delete process.env.DRY_RUN;
delete process.env.DEAD_LETTER_QUEUE_URL;

const mocks = mockAwsClients();
const day = 86_400_000;
let handler: (event: unknown, context: unknown) => Promise<PruneRunReport>;

beforeAll(async () => {
  ({ handler } = (await import('../../functions/prune-task-definitions.ts')) as never);
});

/** Revisions 1..count of a family, registered a day apart, the newest `newestAgeDays` ago. */
function family(name: string, count: number, newestAgeDays = 30): FakeRevision[] {
  return Array.from({ length: count }, (_, index) => ({
    family: name,
    revision: index + 1,
    status: 'ACTIVE' as const,
    registeredAt: new Date(Date.now() - (newestAgeDays + count - index - 1) * day),
  }));
}

/** checkout-api 1..20 (3, 4, 5, 6 in use; 7 retained; 8 tagged retain=false), a lookalike family. */
function createAccount(): FakeAccount {
  const revisions = [
    ...family('checkout-api', 20),
    ...family('checkout-api-worker', 15),
    ...family('nightly-report', 12),
    ...family('fresh', 10, 1),
  ];
  for (const [revision, retainTag] of [
    [7, 'true'],
    [8, 'false'],
  ] as const) {
    const item = revisions.find((r) => r.family === 'checkout-api' && r.revision === revision);
    if (item) item.retainTag = retainTag;
  }
  return {
    revisions,
    clusters: [
      {
        name: 'prod',
        services: [
          {
            name: 'checkout',
            deployments: [revisionArn('checkout-api', 3), revisionArn('checkout-api', 5)],
          },
          { name: 'worker-scaled-to-0', deployments: [revisionArn('checkout-api-worker', 2)] },
        ],
        tasks: [
          {
            id: 't1',
            taskDefinitionArn: revisionArn('nightly-report', 1),
            lastStatus: 'RUNNING',
          },
          { id: 't2', taskDefinitionArn: revisionArn('checkout-api', 4), lastStatus: 'PENDING' },
        ],
        schedules: [revisionArn('checkout-api', 6)],
      },
      { name: 'batch', services: [], tasks: [] },
    ],
  };
}

function usePolicy(prune: Record<string, unknown>): void {
  const path = join(mkdtempSync(join(tmpdir(), 'prune-policy-')), 'policy.json');
  writeFileSync(path, JSON.stringify({ prune }));
  process.env.POLICY_FILE = path;
  resetLoadedConfig();
}

const deregistered = () =>
  mocks.ecs
    .commandCalls(DeregisterTaskDefinitionCommand)
    .map((call) => call.args[0].input.taskDefinition);
const writes = () =>
  mocks.ecs.commandCalls(DeregisterTaskDefinitionCommand).length +
  mocks.ecs.commandCalls(DeleteTaskDefinitionsCommand).length;
const scheduled = () => loadFixture('scheduled-event-prune.json');
const familyOf = (report: PruneRunReport, name: string) =>
  report.summary.families.find((item) => item.family === name);

describe('prune-task-definitions handler', () => {
  let account: FakeAccount;

  beforeEach(() => {
    // A fresh container: no description remembered from another test.
    forgetRevisionTimes();
    account = createAccount();
    serveFakeAccount(mocks, account, () => new Date());
    usePolicy({ dryRun: false, keepNewest: 3 });
  });

  it('deregisters stale revisions oldest first and keeps what is used, retained or newest', async () => {
    // Act
    const report = await handler(scheduled(), createLambdaContext());

    // Assess
    const checkout = [1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17].map((r) => `checkout-api:${r}`);
    expect(deregistered().filter((ref) => ref?.startsWith('checkout-api:'))).toEqual(checkout);
    expect(familyOf(report, 'checkout-api')).toMatchObject({
      kept: { 'in-use': 4, 'retained-tag': 1, 'newest-n': 2, 'last-active': 1 },
      deregistered: 12,
      remainingActive: 8,
    });
    expect(familyOf(report, 'fresh')).toMatchObject({ deregistered: 0, kept: { 'too-young': 7 } });
    expect(report).toMatchObject({ reason: 'changes-planned', dryRun: false, gaps: [] });
  });

  it('matches families exactly: a lookalike family keeps its own in-use revision', async () => {
    const report = await handler(scheduled(), createLambdaContext());

    expect(deregistered()).not.toContain('checkout-api-worker:2');
    expect(familyOf(report, 'checkout-api-worker')).toMatchObject({
      deregistered: 11,
      kept: { 'in-use': 1, 'newest-n': 2, 'last-active': 1 },
    });
    expect(deregistered()).not.toContain('nightly-report:1');
  });

  it('describes one revision per family on the common path, never one per revision', async () => {
    await handler(scheduled(), createLambdaContext());

    // Families whose newest candidate is old enough are settled by that one probe; `fresh` (all
    // too young) costs a binary search over its 7 candidates.
    const described = mocks.ecs
      .commandCalls(DescribeTaskDefinitionCommand)
      .map((call) => String(call.args[0].input.taskDefinition));
    expect(described.filter((ref) => !ref.startsWith('fresh:'))).toEqual(
      expect.arrayContaining(['checkout-api:17', 'checkout-api-worker:12', 'nightly-report:9']),
    );
    expect(described.filter((ref) => !ref.startsWith('fresh:'))).toHaveLength(3);
    expect(described.filter((ref) => ref.startsWith('fresh:')).length).toBeLessThanOrEqual(4);
  });

  it('sends no write in a dry run and still reports the full plan', async () => {
    usePolicy({ keepNewest: 3 });

    const report = await handler(scheduled(), createLambdaContext());

    expect(writes()).toBe(0);
    expect(report).toMatchObject({ dryRun: true, skipped: 'dry-run' });
    expect(familyOf(report, 'checkout-api')).toMatchObject({ deregistered: 0, pending: 12 });
  });

  it('never lets a payload dryRun:false undo the policy dry run', async () => {
    usePolicy({ keepNewest: 3, dryRun: true });

    const report = await handler({ dryRun: false }, createLambdaContext());

    expect(writes()).toBe(0);
    expect(report.dryRun).toBe(true);
  });

  it('restricts a manual run to the exact families of the payload', async () => {
    // Prepare
    const payload = loadFixture<{ dryRun: boolean; families: string[] }>(
      'prune-manual-invocation.json',
    );
    payload.dryRun = false;

    // Act
    const report = await handler(payload, createLambdaContext());

    // Assess
    const families = new Set(deregistered().map((ref) => ref?.split(':')[0]));
    expect(families).toEqual(new Set(['checkout-api', 'nightly-report']));
    expect(report.summary.families.map((item) => item.family)).toEqual([
      'checkout-api',
      'nightly-report',
    ]);
  });

  it('dry-runs a manual payload that asks for it even when the policy does not', async () => {
    const report = await handler(
      loadFixture('prune-manual-invocation.json'),
      createLambdaContext(),
    );

    expect(writes()).toBe(0);
    expect(report.dryRun).toBe(true);
  });

  it('removes nothing when services cannot be described, and says why', async () => {
    mocks.ecs.on(DescribeServicesCommand).rejects(new Error('boom'));

    const report = await handler(scheduled(), createLambdaContext());

    expect(writes()).toBe(0);
    expect(report.reason).toBe('partial-inventory');
    expect(report.gaps).toEqual(['ecs-services: cluster prod: DescribeServices Error: boom']);
    // The deployments that could not be read (3 and 5) are among the revisions held back.
    expect(familyOf(report, 'checkout-api')?.kept['partial-inventory']).toBe(14);
  });

  it('removes nothing when one cluster denies ListTasks', async () => {
    // Prepare
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    mocks.ecs
      .on(ListTasksCommand)
      .callsFake((input) =>
        input.cluster?.endsWith('/batch') ? Promise.reject(denied) : { taskArns: [] },
      );

    // Act
    const report = await handler(scheduled(), createLambdaContext());

    // Assess
    expect(writes()).toBe(0);
    expect(report.reason).toBe('partial-inventory');
    // Both task listings (RUNNING, and STOPPED for pending restarts) are denied.
    expect([...report.gaps].sort()).toEqual([
      'ecs-tasks: cluster batch: ListTasks AccessDeniedException: not authorized',
      'pending-restarts: cluster batch: ListTasks AccessDeniedException: not authorized',
    ]);
    expect(report.sources.find((source) => source.source === 'ecs-tasks')?.gaps).toBe(1);
  });

  it('reports DeleteTaskDefinitions failures per revision', async () => {
    // Prepare
    usePolicy({ dryRun: false, keepNewest: 3, deleteInactive: { enabled: true, graceDays: 30 } });
    for (const revision of family('retired', 3, 400)) {
      account.revisions.push({
        ...revision,
        status: 'INACTIVE',
        deregisteredAt: new Date(Date.now() - 60 * day),
      });
    }
    serveFakeAccount(mocks, account, () => new Date());
    mocks.ecs.on(DeleteTaskDefinitionsCommand).resolves({
      taskDefinitions: [{ taskDefinitionArn: revisionArn('retired', 1) }],
      failures: [{ arn: revisionArn('retired', 2), reason: 'TASK_DEFINITION_IN_USE' }],
    });
    const addMetric = vi.spyOn(Metrics.prototype, 'addMetric');

    // Act
    const report = await handler(scheduled(), createLambdaContext());

    // Assess
    const batches = mocks.ecs.commandCalls(DeleteTaskDefinitionsCommand);
    expect(batches.map((call) => call.args[0].input.taskDefinitions)).toEqual([
      ['retired:1', 'retired:2', 'retired:3'],
    ]);
    expect(report.failures).toEqual([
      { ref: 'retired:2', action: 'delete', reason: 'TASK_DEFINITION_IN_USE' },
    ]);
    expect(familyOf(report, 'retired')).toMatchObject({ deleted: 1, pending: 2 });
    expect(addMetric).toHaveBeenCalledWith('DeleteFailures', 'Count', 1);
  });

  it('stops before the time budget ends and leaves the rest pending', async () => {
    const report = await handler(scheduled(), createLambdaContext({ remainingMs: 5_500 }));

    expect(writes()).toBe(0);
    expect(report.stoppedByTimeBudget).toBe(true);
    expect(report.summary.totals).toMatchObject({ deregistered: 0, pending: 31 });
  });

  it('converges: a second run deregisters nothing twice', async () => {
    await handler(scheduled(), createLambdaContext());
    const second = await handler(scheduled(), createLambdaContext());

    const refs = deregistered();
    expect(new Set(refs).size).toBe(refs.length);
    expect(second.reason).toBe('nothing-to-prune');
  });

  it('publishes one Task Definitions Pruned audit event with per-family counts', async () => {
    await handler(scheduled(), createLambdaContext());

    const calls = mocks.events.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    const entry = calls[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({
      DetailType: 'Task Definitions Pruned',
      Source: 'ecs-autopilot',
      EventBusName: 'audit',
    });
    const detail = JSON.parse(entry?.Detail ?? '{}');
    expect(detail.totals.deregistered).toBe(31);
    expect(detail.families[0]).toMatchObject({ family: 'checkout-api', deregistered: 12 });
  });

  it('rejects a mistyped manual payload instead of running it', async () => {
    await expect(handler({ dryrun: true }, createLambdaContext())).rejects.toThrow(
      /unknown key\(s\) "dryrun"/,
    );
    expect(writes()).toBe(0);
  });
});

describe('prune-task-definitions handler at scale', () => {
  it('prunes 12,000 revisions, 200 services, 2,000 tasks at ≤ 1.15 API calls per revision', async () => {
    // Prepare: 200 families of 60 revisions; each family's revision 30 runs a service of 10 tasks.
    const families = Array.from({ length: 200 }, (_, index) => `app-${index}`);
    const clusters = Array.from({ length: 4 }, (_, index) => ({
      name: `cluster-${index}`,
      services: [] as FakeAccount['clusters'][number]['services'],
      tasks: [] as FakeAccount['clusters'][number]['tasks'],
    }));
    families.forEach((name, index) => {
      const cluster = clusters[index % clusters.length];
      cluster?.services.push({ name, deployments: [revisionArn(name, 30)] });
      for (let task = 0; task < 10; task += 1) {
        const taskDefinitionArn = revisionArn(name, 30);
        cluster?.tasks.push({ id: `${name}-${task}`, taskDefinitionArn, lastStatus: 'RUNNING' });
      }
    });
    const account: FakeAccount = {
      revisions: families.flatMap((name) => family(name, 60)),
      clusters,
    };
    serveFakeAccount(mocks, account, () => new Date());
    usePolicy({ dryRun: false, keepNewest: 10, maxChangesPerRun: 20_000 });

    // Act
    const report = await handler(scheduled(), createLambdaContext({ remainingMs: 600_000 }));

    // Assess
    const calls = [mocks.ecs, mocks.events, mocks.tagging].reduce(
      (total, mock) => total + mock.calls().length,
      0,
    );
    const pruned = report.summary.totals.deregistered;
    expect(pruned).toBe(200 * 49);
    expect(mocks.ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(200);
    expect(calls / pruned).toBeLessThanOrEqual(1.15);
    expect(deregistered()).not.toContain('app-7:30');
  });
});
