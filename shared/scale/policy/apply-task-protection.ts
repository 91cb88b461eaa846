import type { ScaleDecision } from './scale-types.ts';

/**
 * True when the decision lowers the desired count: the only case where the handler must read
 * task scale-in protection (GetTaskProtection) before acting.
 */
export function isScaleInPlanned(decision: ScaleDecision): boolean {
  return decision.desiredCount < decision.currentCount;
}

/**
 * Raises a planned scale-in so that it never goes below the number of protected tasks: ECS
 * would not stop protected tasks anyway, and a desiredCount below them leaves the service
 * reporting a count it cannot reach.
 *
 * @returns the decision unchanged when it is not a scale-in or stays at or above the protected
 *   count; otherwise the protected count (never above the current count) with `protected-tasks`.
 * @throws never.
 */
export function applyTaskProtection(
  decision: ScaleDecision,
  protectedCount: number,
): ScaleDecision {
  if (!isScaleInPlanned(decision) || decision.desiredCount >= protectedCount) return decision;
  const desiredCount = Math.min(decision.currentCount, protectedCount);
  return {
    ...decision,
    desiredCount,
    reason: 'protected-tasks',
    notes: [
      ...decision.notes,
      `${protectedCount} protected task(s); planned ${decision.desiredCount}`,
    ],
  };
}
