import { describe, expect, it } from 'vitest';
import {
  guardPrunePlan,
  type PrunePlan,
  summarizePrunePlan,
} from '../../../../shared/prune/policy/index.ts';

const refs = (family: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${family}:${index + 1}`);

function planOf(changes: Partial<PrunePlan>): PrunePlan {
  return {
    reason: 'changes-planned',
    dryRun: false,
    gaps: [],
    decisions: [],
    deregister: [],
    delete: [],
    summary: summarizePrunePlan({ decisions: [] }),
    ...changes,
  };
}

describe('guardPrunePlan', () => {
  it.each([
    [5, 'guard-refused', 0],
    [6, 'changes-planned', 6],
  ])('with a cap of %i, a plan of 6 removals is %s', (cap, reason, removals) => {
    // Prepare
    const plan = planOf({ deregister: refs('app', 4), delete: refs('old', 2) });
    // Act
    const guarded = guardPrunePlan(plan, cap);
    // Assess
    expect(guarded.reason).toBe(reason);
    expect(guarded.deregister.length + guarded.delete.length).toBe(removals);
  });

  it('says why it refused, with the counts, and keeps every decision for the report', () => {
    // Prepare
    const plan = planOf({ deregister: refs('app', 4), decisions: [] });
    // Act
    const guarded = guardPrunePlan(plan, 3);
    // Assess
    expect(guarded.guardRefusal).toBe(
      'the plan removes 4 revisions, more than maxChangesPerRun (3)',
    );
    expect(guarded.decisions).toBe(plan.decisions);
  });
});
