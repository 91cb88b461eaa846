import { describe, expect, it } from 'vitest';
import { recordFigure } from './support/figures.ts';
import {
  DEMAND,
  desiredCounts,
  measureScale,
  openScaleAccount,
  runTicks,
  scaleOracle,
  TICKS,
} from './support/scale-account.ts';
import { installScenarioHooks } from './support/scenario-hooks.ts';

const hooks = installScenarioHooks('scale-services');

type TickReport = {
  totals: { notDescribed: number };
  services: { cluster: string; service: string; reason: string; notes: string[] }[];
};

describe('scale-services under partial failures', () => {
  it('leaves the services DescribeServices reports in failures[] alone, reports them, and scales them next tick', async ({
    task,
  }) => {
    // Prepare
    const expected = await scaleOracle();
    const account = await openScaleAccount(hooks.open);
    account.sim.faults.add({ target: 'ecs:DescribeServices', kind: 'failures', count: 1 });

    // Act
    const { timeline, reports } = await runTicks(account, TICKS);

    // Assess
    const first = reports[0] as TickReport;
    expect(first.totals.notDescribed).toBeGreaterThan(0);
    expect(hooks.output().some((line) => /"ServicesNotDescribed":[1-9]/.test(line))).toBe(true);
    const measured = measureScale(timeline, expected);
    expect(measured).toMatchObject({ lost: 0, duplicated: 0, wrong: 0 });
    recordFigure(task, {
      function: 'scale-services',
      category: 'partial-failure',
      scenario: 'DescribeServices failures[] (INTERNAL_ERROR)',
      faultsInjected: account.faultsInjected(),
      runs: TICKS,
      reported: first.totals.notDescribed,
      ...measured,
    });
  });

  it('keeps scaling the other clusters while one denies access, and reports it', async ({
    task,
  }) => {
    // Prepare: every ECS call naming cluster `locked` is denied for the first three ticks.
    const expected = await scaleOracle();
    const account = await openScaleAccount(hooks.open);
    const { sim } = account;
    sim.faults.add({
      target: 'ecs:*',
      kind: 'error',
      errorName: 'AccessDeniedException',
      status: 400,
      cluster: 'locked',
    });

    // Act
    const handler = await account.container('scale-services');
    const denied = await runTicks(account, 3, {}, { handler });
    const countsWhileDenied = desiredCounts(sim);
    sim.faults.clear();
    const { timeline } = await runTicks(account, TICKS - 3, denied.timeline, { handler });

    // Assess: prod scaled on time; legacy untouched while denied, named in the tick report.
    expect(denied.thrown).toEqual([]);
    expect(countsWhileDenied).toMatchObject({ 'prod/web': 6, 'prod/api': 10, 'locked/legacy': 2 });
    const report = denied.reports[0] as TickReport & { notDescribed: { clusterName: string }[] };
    expect(report.notDescribed).toEqual([expect.objectContaining({ clusterName: 'locked' })]);
    const prod = Object.keys(DEMAND).filter((key) => key.startsWith('prod/'));
    const measured = measureScale(timeline, expected);
    expect(measured).toMatchObject({ lost: 0, duplicated: 0, wrong: 0 });
    expect(measureScale(denied.timeline, expected, prod).wrong).toBe(0);
    recordFigure(task, {
      function: 'scale-services',
      category: 'partial-failure',
      scenario: 'AccessDenied on one cluster for three ticks',
      faultsInjected: account.faultsInjected(),
      runs: TICKS,
      reported: 3,
      ...measured,
    });
  });

  it('never scales in when task protection cannot be read, and scales in once it can', async ({
    task,
  }) => {
    // Prepare: GetTaskProtection fails through all SDK attempts on the first scale-in tick.
    const expected = await scaleOracle();
    const account = await openScaleAccount(hooks.open);
    account.sim.faults.add({ target: 'ecs:GetTaskProtection', kind: 'error', count: 4 });

    // Act
    const { timeline, reports } = await runTicks(account, TICKS);

    // Assess: idle kept its count with a note on the failed tick, then went down to 1.
    const idleLines = reports.flatMap((r) =>
      (r as TickReport).services.filter((s) => s.service === 'idle'),
    );
    expect(
      idleLines.some((line) => line.notes.some((n) => n.startsWith('protection unread'))),
    ).toBe(true);
    const measured = measureScale(timeline, expected);
    expect(measured).toMatchObject({ lost: 0, duplicated: 0, wrong: 0 });
    recordFigure(task, {
      function: 'scale-services',
      category: 'partial-failure',
      scenario: 'GetTaskProtection failing on a scale-in tick',
      faultsInjected: account.faultsInjected(),
      runs: TICKS,
      ...measured,
    });
  });

  it('never scales in a service whose metric is missing', async ({ task }) => {
    // Prepare: no CPU datapoint at all for idle (its demand alone would scale it in).
    const { 'prod/idle': _idle, ...withoutIdle } = DEMAND;
    const account = await openScaleAccount(hooks.open, withoutIdle);

    // Act
    const { timeline, reports } = await runTicks(account, 6);

    // Assess
    expect(timeline['prod/idle']).toEqual([2, 2, 2, 2, 2, 2]);
    const reasons = reports.map(
      (r) => (r as TickReport).services.find((s) => s.service === 'idle')?.reason,
    );
    expect(new Set(reasons)).toEqual(new Set(['missing-metrics']));
    recordFigure(task, {
      function: 'scale-services',
      category: 'partial-failure',
      scenario: 'a service with no metric datapoint',
      runs: 6,
      expectedActions: 0,
      lost: 0,
      duplicated: 0,
      wrong: timeline['prod/idle']?.filter((count) => count !== 2).length ?? 0,
    });
  });
});
