import { describe, expect, it } from 'vitest';
import { planPrune } from '../../../../shared/prune/policy/plan-prune.ts';
import { summarizePrunePlan } from '../../../../shared/prune/policy/summarize-prune-plan.ts';
import { arnOf, configOf, DAY_MS, inventoryOf, NOW } from './prune-fixtures.ts';

const inventory = inventoryOf({
  active: { api: [2, 3, 4, 5, 6, 7], web: [4, 5] },
  inactive: {
    api: [{ revision: 1 }],
    web: [1, 2].map((revision) => ({ revision, deregisteredAt: NOW - 60 * DAY_MS })),
  },
  inUse: [arnOf('api', 2)],
});
const config = configOf({ keepNewest: 2, minAgeDays: 0, deleteInactive: { enabled: true } });

describe('summarizePrunePlan', () => {
  it('counts the plan per family and in total', () => {
    // Act
    const { summary } = planPrune(inventory, config, NOW);

    // Assess
    expect(summary.executed).toBe(false);
    expect(summary.families).toEqual([
      {
        family: 'api',
        kept: { 'in-use': 1, 'newest-n': 1, 'last-active': 1, 'deregistration-time-unknown': 1 },
        deregistered: 3,
        deleted: 0,
        pending: 0,
        remainingActive: 3,
        remainingInactive: 4,
      },
      {
        family: 'web',
        kept: { 'newest-n': 1, 'last-active': 1 },
        deregistered: 0,
        deleted: 2,
        pending: 0,
        remainingActive: 2,
        remainingInactive: 0,
      },
    ]);
    expect(summary.totals).toMatchObject({
      families: 2,
      deregistered: 3,
      deleted: 2,
      remainingActive: 5,
    });
  });

  it('counts only what the outcome reports as done and the rest as pending', () => {
    // Prepare
    const plan = planPrune(inventory, config, NOW);
    const outcome = { deregistered: [arnOf('api', 3)], deleted: ['web:1'] };

    // Act
    const summary = summarizePrunePlan(plan, outcome);

    // Assess
    expect(summary.executed).toBe(true);
    expect(summary.totals).toMatchObject({
      deregistered: 1,
      deleted: 1,
      pending: 3,
      remainingActive: 7,
      remainingInactive: 3,
    });
  });
});
