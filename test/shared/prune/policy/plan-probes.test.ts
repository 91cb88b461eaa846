import { describe, expect, it } from 'vitest';
import { planAgeProbes, planGraceProbes } from '../../../../shared/prune/policy/plan-probes.ts';
import { arnOf, configOf, DAY_MS, inventoryOf, NOW, revisionsUpTo } from './prune-fixtures.ts';

describe('planAgeProbes', () => {
  it('lists only revisions that no other rule keeps, with the cut time', () => {
    // Prepare
    const inventory = inventoryOf({
      active: { app: revisionsUpTo(8), 'app-worker': revisionsUpTo(2) },
      inUse: [arnOf('app', 2)],
      retained: [arnOf('app', 4)],
    });

    // Act
    const probes = planAgeProbes(inventory, configOf({ keepNewest: 3 }), NOW);

    // Assess
    expect(probes).toEqual([
      { family: 'app', candidates: [1, 3, 5], registeredBefore: NOW - 14 * DAY_MS },
    ]);
  });

  it.each([
    ['the inventory is incomplete', { complete: false }, {}],
    ['the minimum age is 0', {}, { minAgeDays: 0 }],
    ['the family is excluded', {}, { families: { exclude: ['app'] } }],
    ['every revision is among the newest N', {}, { keepNewest: 8 }],
  ])('plans no probe when %s', (_name, inventoryInput, configInput) => {
    // Prepare
    const inventory = inventoryOf({ active: { app: revisionsUpTo(8) }, ...inventoryInput });

    // Act / Assess
    expect(planAgeProbes(inventory, configOf({ keepNewest: 3, ...configInput }), NOW)).toEqual([]);
  });

  it('uses the per-family minimum age', () => {
    // Prepare
    const inventory = inventoryOf({ active: { batch: revisionsUpTo(3) } });
    const config = configOf({
      keepNewest: 1,
      familyOverrides: [{ families: 'b*', minAgeDays: 2 }],
    });

    // Act / Assess
    expect(planAgeProbes(inventory, config, NOW)).toEqual([
      { family: 'batch', candidates: [1, 2], registeredBefore: NOW - 2 * DAY_MS },
    ]);
  });
});

describe('planGraceProbes', () => {
  it('lists INACTIVE revisions whose times decide their deletion', () => {
    // Prepare
    const inventory = inventoryOf({
      inactive: { app: [{ revision: 7 }, { revision: 3 }, { revision: 5 }, { revision: 6 }] },
      inUse: ['app:5'],
      retained: ['app:6'],
    });
    const config = configOf({ deleteInactive: { enabled: true, graceDays: 30 } });

    // Act / Assess
    expect(planGraceProbes(inventory, config, NOW)).toEqual([
      { family: 'app', candidates: [3, 7], registeredBefore: NOW - 30 * DAY_MS },
    ]);
  });

  it.each([
    ['deletion is disabled', {}, { deleteInactive: { enabled: false } }],
    ['the inventory is incomplete', { complete: false }, { deleteInactive: { enabled: true } }],
  ])('plans no probe when %s', (_name, inventoryInput, configInput) => {
    // Prepare
    const inventory = inventoryOf({ inactive: { app: [{ revision: 3 }] }, ...inventoryInput });

    // Act / Assess
    expect(planGraceProbes(inventory, configOf(configInput), NOW)).toEqual([]);
  });
});
