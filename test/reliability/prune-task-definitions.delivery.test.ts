import { describe, expect, it, vi } from 'vitest';
import { loadFixture } from '../support/fixtures.ts';
import { recordFigure } from './support/figures.ts';
import {
  measurePrune,
  PRUNE_POLICY,
  PRUNE_SCENARIO,
  pruneOracle,
  runUntilConverged,
  statuses,
} from './support/prune-account.ts';
import { installScenarioHooks } from './support/scenario-hooks.ts';

const hooks = installScenarioHooks('prune-task-definitions');

describe('prune-task-definitions under duplicated and overlapping runs', () => {
  it('deregisters each revision once when the schedule event arrives twice', async ({ task }) => {
    // Prepare: EventBridge delivers at least once; reserved concurrency 1 serializes the copies.
    const expected = await pruneOracle();
    const account = await hooks.open({ scenario: PRUNE_SCENARIO, policy: PRUNE_POLICY });
    const { sim } = account;
    const before = statuses(sim);
    const handlers = [
      await account.container('prune-task-definitions'),
      await account.container('prune-task-definitions'),
    ];
    const event = loadFixture('scheduled-event-prune.json');

    // Act: every event of the schedule is delivered twice, each copy to another container.
    let runs = 0;
    for (let hour = 0; hour < 6; hour += 1) {
      for (const handler of handlers) {
        await account.invoke(handler, event);
        runs += 1;
      }
      vi.setSystemTime(Date.now() + 3_600_000);
    }
    const after = await runUntilConverged(account);

    // Assess
    const measured = measurePrune(sim, before, expected);
    expect(after.reports).toHaveLength(1);
    expect(measured).toMatchObject({ lost: 0, wrong: 0, duplicated: 0 });
    recordFigure(task, {
      function: 'prune-task-definitions',
      category: 'delivery',
      scenario: 'every schedule event delivered twice, to two containers',
      runs: runs + after.reports.length,
      ...measured,
    });
  });

  it('reaches the same end state when two runs overlap', async ({ task }) => {
    // Prepare: two containers at once, as if reserved concurrency 1 were missing.
    const expected = await pruneOracle();
    const account = await hooks.open({ scenario: PRUNE_SCENARIO, policy: PRUNE_POLICY });
    const { sim } = account;
    const before = statuses(sim);
    const handlers = [
      await account.container('prune-task-definitions'),
      await account.container('prune-task-definitions'),
    ];
    const event = loadFixture('scheduled-event-prune.json');

    // Act
    const overlapping = await Promise.allSettled(handlers.map((h) => account.invoke(h, event)));
    const after = await runUntilConverged(account);

    // Assess: both runs ended with a report, nothing in use was touched, nothing was missed.
    // Both runs read the same inventory, so some revisions get a second deregistration, which
    // ECS answers as done (already INACTIVE): measured, not asserted.
    expect(overlapping.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    const measured = measurePrune(sim, before, expected);
    expect(measured).toMatchObject({ lost: 0, wrong: 0 });
    recordFigure(task, {
      function: 'prune-task-definitions',
      category: 'delivery',
      scenario: 'two overlapping runs',
      outsideDeployment: 'reserved concurrency 1 serializes runs in the deployed stack',
      runs: 2 + after.reports.length,
      ...measured,
    });
  });
});
