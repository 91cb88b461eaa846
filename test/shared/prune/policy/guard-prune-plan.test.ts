import { describe, expect, it } from 'vitest';
import { guardPrunePlan } from '../../../../shared/prune/policy/index.ts';
import { planOf, refsUpTo } from './prune-fixtures.ts';

describe('guardPrunePlan', () => {
  it.each([
    [5, 'guard-refused', 0],
    [6, 'changes-planned', 6],
  ])('with a cap of %i, a plan of 6 removals is %s', (cap, reason, removals) => {
    // Prepare
    const plan = planOf({ deregister: refsUpTo('app', 4), delete: refsUpTo('old', 2) });
    // Act
    const guarded = guardPrunePlan(plan, cap);
    // Assess
    expect(guarded.reason).toBe(reason);
    expect(guarded.deregister.length + guarded.delete.length).toBe(removals);
  });

  it('says why it refused, with the counts, and keeps every decision for the report', () => {
    // Prepare
    const plan = planOf({ deregister: refsUpTo('app', 4), decisions: [] });
    // Act
    const guarded = guardPrunePlan(plan, 3);
    // Assess
    expect(guarded.guardRefusal).toBe(
      'the plan removes 4 revisions, more than maxChangesPerRun (3)',
    );
    expect(guarded.decisions).toBe(plan.decisions);
  });
});
