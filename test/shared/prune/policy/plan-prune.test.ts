import { describe, expect, it } from 'vitest';
import { planPrune } from '../../../../shared/prune/policy/plan-prune.ts';
import type { PrunePlan } from '../../../../shared/prune/policy/prune-types.ts';
import {
  arnOf,
  configOf,
  DAY_MS,
  inventoryOf,
  MINUTE_MS,
  NOW,
  revisionsUpTo,
} from './prune-fixtures.ts';

function decisionOf(plan: PrunePlan, family: string, revision: number, status = 'ACTIVE') {
  const found = plan.decisions.find(
    (decision) =>
      decision.family === family && decision.revision === revision && decision.status === status,
  );
  return found && { action: found.action, reason: found.reason };
}

// app has revisions 1..15; keep the newest 3; revisions up to 12 are older than the minimum age.
const BASE_ACTIVE = { app: revisionsUpTo(15) };
const BASE_CUTS = { app: 12 };

describe('planPrune', () => {
  it.each([
    ['deregisters a stale revision', {}, {}, 2, 'deregister', 'stale'],
    ['keeps the newest N', {}, {}, 13, 'keep', 'newest-n'],
    ['keeps the last ACTIVE revision', {}, {}, 15, 'keep', 'last-active'],
    [
      'keeps a revision younger than the minimum age',
      { ageCuts: { app: 5 } },
      {},
      8,
      'keep',
      'too-young',
    ],
    [
      'keeps every candidate when the age cut is 0',
      { ageCuts: { app: 0 } },
      {},
      1,
      'keep',
      'too-young',
    ],
    ['keeps a revision whose age is unknown', { ageCuts: {} }, {}, 2, 'keep', 'age-unknown'],
    [
      'ignores age when the minimum age is 0',
      { ageCuts: {} },
      { minAgeDays: 0 },
      2,
      'deregister',
      'stale',
    ],
    [
      'keeps a revision used by a deployment (ARN)',
      { inUse: [arnOf('app', 4)] },
      {},
      4,
      'keep',
      'in-use',
    ],
    [
      'keeps a revision used by a task (family:revision)',
      { inUse: ['app:4'] },
      {},
      4,
      'keep',
      'in-use',
    ],
    [
      'keeps the latest for a family-only rule target',
      { inUse: [arnOf('app')] },
      {},
      15,
      'keep',
      'in-use',
    ],
    [
      'keeps a revision tagged retain',
      { retained: [arnOf('app', 6)] },
      {},
      6,
      'keep',
      'retained-tag',
    ],
    [
      'keeps an excluded family',
      {},
      { families: { exclude: ['app'] } },
      2,
      'keep',
      'family-excluded',
    ],
    [
      'keeps a family not included',
      {},
      { families: { include: ['web-*'] } },
      2,
      'keep',
      'family-excluded',
    ],
    [
      'applies a keepNewest override',
      {},
      { familyOverrides: [{ families: 'ap?', keepNewest: 8 }] },
      8,
      'keep',
      'newest-n',
    ],
    [
      'applies a minAgeDays override',
      { ageCuts: { app: 5 } },
      { familyOverrides: [{ families: 'app', minAgeDays: 0 }] },
      8,
      'deregister',
      'stale',
    ],
    [
      'keeps everything on partial inventory',
      { complete: false, gaps: ['cluster prod: AccessDenied'] },
      {},
      2,
      'keep',
      'partial-inventory',
    ],
    [
      'keeps what exceeds the change cap',
      {},
      { maxChangesPerRun: 1 },
      2,
      'keep',
      'over-change-cap',
    ],
    ['removes within the change cap', {}, { maxChangesPerRun: 1 }, 1, 'deregister', 'stale'],
  ])('%s', (_name, inventoryInput, configInput, revision, action, reason) => {
    // Prepare
    const inventory = inventoryOf({ active: BASE_ACTIVE, ageCuts: BASE_CUTS, ...inventoryInput });
    const config = configOf({ keepNewest: 3, ...configInput });

    // Act
    const plan = planPrune(inventory, config, NOW);

    // Assess
    expect(decisionOf(plan, 'app', revision)).toEqual({ action, reason });
  });

  it('matches families exactly: rules for app never touch app-worker', () => {
    // Prepare
    const inventory = inventoryOf({
      active: { app: revisionsUpTo(5), 'app-worker': revisionsUpTo(5) },
      inUse: [arnOf('app-worker', 2), arnOf('app-worker')],
      retained: ['app-worker:3'],
    });
    const config = configOf({ keepNewest: 1, minAgeDays: 0, families: { exclude: ['app'] } });

    // Act
    const plan = planPrune(inventory, config, NOW);

    // Assess
    expect(plan.deregister).toEqual(['app-worker:1', 'app-worker:4']);
    expect(decisionOf(plan, 'app', 2)).toEqual({ action: 'keep', reason: 'family-excluded' });
    expect(decisionOf(plan, 'app-worker', 2)).toEqual({ action: 'keep', reason: 'in-use' });
  });

  it('never removes anything on partial inventory and says why', () => {
    // Prepare
    const inventory = inventoryOf({
      active: { app: revisionsUpTo(30) },
      inactive: { app: [{ revision: 40, deregisteredAt: NOW - 90 * DAY_MS }] },
      complete: false,
      gaps: ['ListServices cluster prod: AccessDenied'],
    });
    const config = configOf({ minAgeDays: 0, deleteInactive: { enabled: true } });

    // Act
    const plan = planPrune(inventory, config, NOW);

    // Assess
    expect(plan).toMatchObject({ reason: 'partial-inventory', deregister: [], delete: [] });
    expect(plan.gaps).toEqual(['ListServices cluster prod: AccessDenied']);
    expect(decisionOf(plan, 'app', 40, 'INACTIVE')?.reason).toBe('partial-inventory');
  });

  it.each([
    ['an incomplete flag without gaps', { complete: false }, 'inventory reported incomplete'],
    [
      'a gap with a complete flag',
      { gaps: ['DescribeTasks page 3 failed'] },
      'DescribeTasks page 3 failed',
    ],
    [
      'an unparseable in-use reference',
      { inUse: ['not a task definition'] },
      'unrecognised in-use reference: not a task definition',
    ],
  ])('treats %s as partial inventory', (_name, inventoryInput, gap) => {
    // Act
    const plan = planPrune(
      inventoryOf({ active: BASE_ACTIVE, ageCuts: BASE_CUTS, ...inventoryInput }),
      configOf({ keepNewest: 3 }),
      NOW,
    );

    // Assess
    expect(plan).toMatchObject({ reason: 'partial-inventory', deregister: [], gaps: [gap] });
  });

  it.each([
    [
      'deletes past the grace period',
      {},
      { deregisteredAt: NOW - 31 * DAY_MS },
      'delete',
      'inactive-past-grace',
    ],
    [
      'keeps within the grace period',
      {},
      { deregisteredAt: NOW - 29 * DAY_MS },
      'keep',
      'grace-period',
    ],
    [
      'keeps within the 10-minute window even with no grace',
      { graceDays: 0 },
      { deregisteredAt: NOW - 5 * MINUTE_MS },
      'keep',
      'deregistration-window',
    ],
    [
      'deletes after the 10-minute window with no grace',
      { graceDays: 0 },
      { deregisteredAt: NOW - 11 * MINUTE_MS },
      'delete',
      'inactive-past-grace',
    ],
    [
      'keeps when the deregistration time is unknown',
      {},
      {},
      'keep',
      'deregistration-time-unknown',
    ],
    [
      'keeps when deletion is disabled',
      { enabled: false },
      { deregisteredAt: NOW - 90 * DAY_MS },
      'keep',
      'delete-disabled',
    ],
  ])('%s', (_name, deleteInput, entry, action, reason) => {
    // Prepare
    const inventory = inventoryOf({ inactive: { app: [{ revision: 3, ...entry }] } });
    const config = configOf({ deleteInactive: { enabled: true, ...deleteInput } });

    // Act
    const plan = planPrune(inventory, config, NOW);

    // Assess
    expect(decisionOf(plan, 'app', 3, 'INACTIVE')).toEqual({ action, reason });
  });

  it.each([
    ['a task still running it', { inUse: [arnOf('app', 3)] }, {}, 'in-use'],
    ['the retain tag', { retained: [arnOf('app', 3)] }, {}, 'retained-tag'],
    ['an excluded family', {}, { families: { exclude: ['app'] } }, 'family-excluded'],
    [
      'an undescribed revision above the grace cut',
      { inactive: { app: [{ revision: 3 }] }, graceCuts: { app: 2 } },
      {},
      'grace-period',
    ],
    [
      'a revision described without a deregistration time, above the cut',
      { inactive: { app: [{ revision: 3, described: true }] }, graceCuts: { app: 2 } },
      {},
      'deregistration-time-unknown',
    ],
    [
      'a revision described without a deregistration time, with no cut',
      { inactive: { app: [{ revision: 3, described: true }] } },
      {},
      'deregistration-time-unknown',
    ],
  ])('keeps an old INACTIVE revision for %s', (_name, inventoryInput, configInput, reason) => {
    // Prepare
    const inventory = inventoryOf({
      inactive: { app: [{ revision: 3, deregisteredAt: NOW - 90 * DAY_MS }] },
      ...inventoryInput,
    });
    const config = configOf({ deleteInactive: { enabled: true }, ...configInput });

    // Act
    const plan = planPrune(inventory, config, NOW);

    // Assess
    expect(decisionOf(plan, 'app', 3, 'INACTIVE')).toEqual({ action: 'keep', reason });
  });

  it('does not let a family-only reference protect INACTIVE revisions', () => {
    // Prepare
    const inventory = inventoryOf({
      active: { app: [9] },
      inactive: { app: [{ revision: 3, deregisteredAt: NOW - 90 * DAY_MS }] },
      inUse: [arnOf('app')],
    });

    // Act
    const plan = planPrune(inventory, configOf({ deleteInactive: { enabled: true } }), NOW);

    // Assess
    expect(plan.delete).toEqual(['app:3']);
    expect(decisionOf(plan, 'app', 9)).toEqual({ action: 'keep', reason: 'in-use' });
  });
});
