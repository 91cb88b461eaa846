import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../../simulator/index.ts';
import { loadFixture } from '../support/fixtures.ts';
import { recordFigure } from './support/figures.ts';
import {
  measurePrune,
  PRUNE_POLICY,
  PRUNE_SCENARIO,
  type PruneReport,
  pruneOracle,
  runUntilConverged,
  statuses,
} from './support/prune-account.ts';
import { installScenarioHooks } from './support/scenario-hooks.ts';

const hooks = installScenarioHooks('prune-task-definitions');

const denied = { kind: 'error', errorName: 'AccessDeniedException', status: 400 } as const;

/** Faults that leave one inventory read incomplete (error faults outlast the SDK's 4 attempts). */
const partialInventories: [string, FaultRule, number][] = [
  [
    'DescribeServices failures[] (INTERNAL_ERROR)',
    { target: 'ecs:DescribeServices', kind: 'failures', count: 1 },
    1,
  ],
  [
    'DescribeTasks failures[] (INTERNAL_ERROR)',
    { target: 'ecs:DescribeTasks', kind: 'failures', count: 1 },
    1,
  ],
  [
    'a ListTaskDefinitions page failing mid-listing',
    { target: 'ecs:ListTaskDefinitions', kind: 'error', after: 2, count: 4 },
    1,
  ],
  [
    'the retain-tag scan failing (Tagging API 5xx)',
    { target: 'tagging:GetResources', kind: 'error', count: 4 },
    1,
  ],
  [
    'AccessDenied on the cluster that alone uses worker:8',
    { target: 'ecs:*', ...denied, cluster: 'locked' },
    3,
  ],
];

describe('prune-task-definitions under partial failures', () => {
  it.for(
    partialInventories,
  )('removes nothing while the inventory is partial (%s), reports it, then converges', async ([
    name,
    fault,
    blockedRuns,
  ], { task }) => {
    // Prepare
    const expected = await pruneOracle();
    const account = await hooks.open({ scenario: PRUNE_SCENARIO, policy: PRUNE_POLICY });
    const { sim } = account;
    const before = statuses(sim);
    sim.faults.add(fault);

    // Act: the runs while the fault lasts, then the ones after it.
    const blocked = await runUntilConverged(account, { maxRuns: blockedRuns });
    const writes = sim.calls.all.filter(
      (c) => c.action.endsWith('TaskDefinition') || c.action === 'DeleteTaskDefinitions',
    );
    const auditedGaps = sim.account.putEvents.map((e) => (e.detail as { gaps: string[] }).gaps);
    sim.faults.clear();
    const after = await runUntilConverged(account);

    // Assess: no write while blocked, the gap reported in the run report and audit event.
    expect(writes.filter((c) => c.action !== 'DescribeTaskDefinition')).toEqual([]);
    for (const report of blocked.reports) {
      expect(report.reason).toBe('partial-inventory');
      expect(report.gaps.length).toBeGreaterThan(0);
    }
    expect(auditedGaps.every((gaps) => gaps.length > 0)).toBe(true);
    expect(hooks.output().some((line) => line.includes('"PartialInventory":1'))).toBe(true);
    const measured = measurePrune(sim, before, expected);
    expect(measured).toMatchObject({ lost: 0, wrong: 0, duplicated: 0 });
    recordFigure(task, {
      function: 'prune-task-definitions',
      category: 'partial-failure',
      scenario: name,
      faultsInjected: account.faultsInjected(),
      runs: blocked.reports.length + after.reports.length,
      reported: blocked.reports.length,
      ...measured,
    });
  });

  it('reports DeleteTaskDefinitions failures[] and deletes them on a later run', async ({
    task,
  }) => {
    // Prepare
    const expected = await pruneOracle();
    const account = await hooks.open({ scenario: PRUNE_SCENARIO, policy: PRUNE_POLICY });
    const { sim } = account;
    const before = statuses(sim);
    sim.faults.add({ target: 'ecs:DeleteTaskDefinitions', kind: 'failures', count: 1 });
    const handler = await account.container('prune-task-definitions');

    // Act
    const first = (await account.invoke(
      handler,
      loadFixture('scheduled-event-prune.json'),
    )) as PruneReport;
    const after = await runUntilConverged(account);

    // Assess: the refused deletions are in the report and its audit event, not dropped.
    expect(first.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'delete', reason: 'INTERNAL_ERROR' }),
      ]),
    );
    expect(sim.account.putEvents[0]?.detail).toMatchObject({ failureCount: first.failures.length });
    const measured = measurePrune(sim, before, expected);
    expect(measured).toMatchObject({ lost: 0, wrong: 0, duplicated: 0 });
    recordFigure(task, {
      function: 'prune-task-definitions',
      category: 'partial-failure',
      scenario: 'DeleteTaskDefinitions failures[], retried next run',
      faultsInjected: account.faultsInjected(),
      runs: 1 + after.reports.length,
      reported: first.failures.length,
      ...measured,
    });
  });
});
