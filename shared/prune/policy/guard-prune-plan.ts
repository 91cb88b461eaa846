import type { PrunePlan } from './prune-types.ts';

/**
 * Guard: refuses a plan that removes more than one run may change. The planner caps itself
 * already; this check is independent of it, so a planner bug cannot mass-deregister.
 *
 * A refusal is a decision, never a throw: thrown, it would make Lambda's asynchronous retries run
 * the same refused plan twice more; returned, the run reports `guard-refused` with the counts,
 * in its log, audit event and the `GuardRefused` metric that the prune-failures alarm watches.
 *
 * @returns the plan unchanged, or the plan with reason `guard-refused`, its refusal and nothing
 *   to remove (every removal it planned then counts as pending in the report).
 */
export function guardPrunePlan(plan: PrunePlan, maxChangesPerRun: number): PrunePlan {
  const changes = plan.deregister.length + plan.delete.length;
  if (changes <= maxChangesPerRun) return plan;
  return {
    ...plan,
    reason: 'guard-refused',
    guardRefusal: `the plan removes ${changes} revisions, more than maxChangesPerRun (${maxChangesPerRun})`,
    deregister: [],
    delete: [],
  };
}
