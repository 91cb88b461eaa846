import { describe, expect, it } from 'vitest';
import { interleaveByRank, splitChangeCap } from '../../../../shared/prune/policy/change-cap.ts';
import { planPrune } from '../../../../shared/prune/policy/plan-prune.ts';
import { configOf, DAY_MS, inventoryOf, NOW, revisionsUpTo } from './prune-fixtures.ts';

describe('splitChangeCap', () => {
  it.each([
    ['both backlogs large: half each', 500, 1000, 1000, { deregister: 250, delete: 250 }],
    [
      'few deregistrations: deletions take the rest',
      500,
      10,
      1000,
      { deregister: 10, delete: 490 },
    ],
    [
      'few deletions: deregistrations take the rest',
      500,
      1000,
      10,
      { deregister: 490, delete: 10 },
    ],
    ['everything fits', 500, 100, 50, { deregister: 100, delete: 50 }],
    ['odd cap: the extra one deregisters', 5, 10, 10, { deregister: 3, delete: 2 }],
    ['nothing to do', 500, 0, 0, { deregister: 0, delete: 0 }],
  ])('%s', (_name, cap, deregister, remove, expected) => {
    // Act / Assess
    expect(splitChangeCap(cap, deregister, remove)).toEqual(expected);
  });
});

describe('interleaveByRank', () => {
  it('takes every group oldest first, one rank at a time', () => {
    // Act / Assess
    expect(interleaveByRank([['a1', 'a2', 'a3'], [], ['b1'], ['c1', 'c2']])).toEqual([
      'a1',
      'b1',
      'c1',
      'a2',
      'c2',
      'a3',
    ]);
  });
});

describe('planPrune change cap', () => {
  it('removes oldest first in every family and leaves the rest for the next run', () => {
    // Prepare
    const inventory = inventoryOf({
      active: { api: revisionsUpTo(5), web: revisionsUpTo(4) },
      inactive: {
        api: [
          { revision: 101, deregisteredAt: NOW - 60 * DAY_MS },
          { revision: 100, deregisteredAt: NOW - 60 * DAY_MS },
        ],
      },
    });
    const config = configOf({
      keepNewest: 1,
      minAgeDays: 0,
      maxChangesPerRun: 4,
      deleteInactive: { enabled: true },
    });

    // Act
    const plan = planPrune(inventory, config, NOW);

    // Assess
    expect(plan.reason).toBe('changes-planned');
    expect(plan.deregister).toEqual(['api:1', 'web:1']);
    expect(plan.delete).toEqual(['api:100', 'api:101']);
    expect(plan.summary.totals.kept['over-change-cap']).toBe(5);
  });

  it('converges: the next run picks up what the cap held back', () => {
    // Prepare
    const config = configOf({ keepNewest: 2, minAgeDays: 0, maxChangesPerRun: 3 });
    let active = revisionsUpTo(10);
    const deregistered: string[] = [];

    // Act: simulate runs where every planned deregistration succeeds.
    for (let run = 0; run < 5; run += 1) {
      const plan = planPrune(inventoryOf({ active: { app: active } }), config, NOW);
      deregistered.push(...plan.deregister);
      const gone = new Set(plan.deregister);
      active = active.filter((revision) => !gone.has(`app:${revision}`));
    }

    // Assess
    expect(deregistered).toEqual(revisionsUpTo(8).map((revision) => `app:${revision}`));
    expect(active).toEqual([9, 10]);
  });
});

describe('planPrune plan reason', () => {
  it.each([
    ['nothing-to-prune', { active: { app: [1, 2] } }, true],
    ['changes-planned', { active: { app: revisionsUpTo(20) } }, false],
  ])('reports %s and echoes dry-run', (reason, inventoryInput, dryRun) => {
    // Act
    const plan = planPrune(inventoryOf(inventoryInput), configOf({ minAgeDays: 0, dryRun }), NOW);

    // Assess
    expect(plan).toMatchObject({ reason, dryRun, gaps: [] });
  });
});
