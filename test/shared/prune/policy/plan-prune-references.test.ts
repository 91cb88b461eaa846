import { describe, expect, it } from 'vitest';
import type { DynamicReference } from '../../../../shared/prune/policy/in-use-sources.ts';
import { planPrune } from '../../../../shared/prune/policy/plan-prune.ts';
import type { PrunePlan } from '../../../../shared/prune/policy/prune-types.ts';
import { configOf, DAY_MS, inventoryOf, NOW, revisionsUpTo } from './prune-fixtures.ts';

const reasonsOf = (plan: PrunePlan, family: string) =>
  new Set(plan.decisions.filter((d) => d.family === family).map((d) => d.reason));

const jobState: DynamicReference = {
  source: 'step-functions',
  name: 'nightly-etl',
  location: 'Run job',
  expression: '$.job',
};

// etl and web: 1..20 ACTIVE, old enough; keep the newest 3.
const inventory = (dynamic: DynamicReference[]) =>
  inventoryOf({
    active: { etl: revisionsUpTo(20), web: revisionsUpTo(20) },
    ageCuts: { etl: 20, web: 20 },
    dynamic,
  });

describe('planPrune with task definitions computed at run time', () => {
  it('removes nothing while a dynamic reference is not listed, and names the state machine', () => {
    // Act
    const plan = planPrune(inventory([jobState]), configOf({ keepNewest: 3 }), NOW);

    // Assess
    expect(plan.reason).toBe('partial-inventory');
    expect(plan.deregister).toEqual([]);
    expect(plan.gaps).toEqual([
      'step-functions: state machine nightly-etl, state "Run job": TaskDefinition $.job is computed at run time; list the state machine in prune.dynamicReferences with the families it may run',
    ]);
    expect(plan.dynamicReferences).toEqual([
      { ...jobState, resolution: 'blocking', keptFamilies: [] },
    ]);
  });

  it('keeps every revision of the families an entry lists, and prunes the others', () => {
    // Prepare
    const config = configOf({
      keepNewest: 3,
      dynamicReferences: [{ stateMachine: 'nightly-*', families: ['etl'] }],
    });

    // Act
    const plan = planPrune(inventory([jobState]), config, NOW);

    // Assess
    expect(plan.reason).toBe('changes-planned');
    expect(reasonsOf(plan, 'etl')).toEqual(new Set(['dynamic-reference']));
    expect(plan.deregister).toHaveLength(17);
    expect(plan.deregister.every((ref) => ref.startsWith('web:'))).toBe(true);
    expect(plan.dynamicReferences[0]).toMatchObject({
      resolution: 'families-kept',
      keptFamilies: ['etl'],
    });
  });

  it('keeps the family a States.Format template names without any entry', () => {
    // Prepare
    const formatted = {
      ...jobState,
      expression: "States.Format('etl:{}', $.rev)",
      families: ['etl'],
    };

    // Act
    const plan = planPrune(inventory([formatted]), configOf({ keepNewest: 3 }), NOW);

    // Assess
    expect(plan.reason).toBe('changes-planned');
    expect(plan.decisions.filter((d) => d.family === 'etl' && d.action !== 'keep')).toEqual([]);
  });

  it('prunes normally once an entry acknowledges a state machine with no family', () => {
    const config = configOf({
      keepNewest: 3,
      dynamicReferences: [{ stateMachine: 'nightly-etl', families: [] }],
    });

    const plan = planPrune(inventory([jobState]), config, NOW);

    expect(plan.deregister).toHaveLength(34);
    expect(plan.dynamicReferences[0]?.resolution).toBe('acknowledged');
  });

  it('never lets a policy entry resolve an unreadable schedule', () => {
    const schedule: DynamicReference = {
      source: 'scheduler-schedules',
      name: 'default/nightly',
      location: 'target',
      expression: 'not json',
    };
    const config = configOf({ dynamicReferences: [{ stateMachine: '*', families: [] }] });

    const plan = planPrune(inventory([schedule]), config, NOW);

    expect(plan.reason).toBe('partial-inventory');
    expect(plan.gaps[0]).toContain('schedule default/nightly');
  });
});

describe('planPrune of INACTIVE revisions', () => {
  it('deletes a described revision past its grace period even above the grace cut', () => {
    // Prepare: 2 was deregistered late (yesterday); 3 was described and is 90 days INACTIVE.
    const plan = planPrune(
      inventoryOf({
        inactive: {
          app: [
            { revision: 2, deregisteredAt: NOW - DAY_MS, described: true },
            { revision: 3, deregisteredAt: NOW - 90 * DAY_MS, described: true },
            { revision: 4 },
          ],
        },
        graceCuts: { app: 2 },
      }),
      configOf({ deleteInactive: { enabled: true, graceDays: 30 } }),
      NOW,
    );

    // Assess
    expect(plan.delete).toEqual(['app:3']);
    expect(plan.decisions.map((d) => d.reason)).toEqual([
      'grace-period',
      'inactive-past-grace',
      'grace-period',
    ]);
  });
});
