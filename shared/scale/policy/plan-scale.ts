import { applyTaskProtection, isScaleInPlanned } from './apply-task-protection.ts';
import { decideServiceScale, type ServiceScaleFacts } from './decide-service-scale.ts';
import type { ServiceMetricReadings } from './read-metric-results.ts';
import type { ScaleDecision } from './scale-types.ts';
import { getScaleServiceKey } from './select-scale-rule.ts';

/** One selected service's decision, with the ARN that the act step and audit event name. */
export type ScalePlanItem = {
  serviceArn: string;
  decision: ScaleDecision;
  /** `refused`: the guard held this change back; the tick leaves the count as it is. */
  guard: 'allowed' | 'refused';
};

/** A tick's plan: every selected service's decision and whether the guard let it through. */
export type ScalePlan = {
  items: ScalePlanItem[];
  /** The guard refused changes this tick (more than `maxServicesChangedPerRun`). */
  guardRefused: boolean;
  /** Services whose count the plan changes (refused ones included). */
  changes: number;
};

/** What one service's task protection read gave: a count, or why it could not be read. */
export type ProtectionReading = { protectedTasks: number } | { unread: string };

/**
 * Decides every selected service from the gathered facts and the tick's readings.
 *
 * @returns one item per service, in the order given, each with its own service ARN.
 */
export function planServiceDecisions(
  services: readonly (ServiceScaleFacts & { serviceArn: string })[],
  readings: Readonly<Record<string, ServiceMetricReadings>>,
  now: number,
): ScalePlanItem[] {
  return services.map((facts) => ({
    serviceArn: facts.serviceArn,
    decision: decideServiceScale(facts, readings, now),
    guard: 'allowed',
  }));
}

/**
 * The services whose planned scale-in needs their task protection read first (GetTaskProtection
 * costs a call per 100 tasks, so only these are read).
 */
export function listScaleInsToProtect(items: readonly ScalePlanItem[]): ScaleDecision[] {
  return items.flatMap((item) => (isScaleInPlanned(item.decision) ? [item.decision] : []));
}

/**
 * Raises each planned scale-in to its protected tasks. A service whose protection could not be
 * read keeps its count: scaling in blind could ask ECS for fewer tasks than it may stop.
 *
 * @param readings by service key (`cluster/service`), for the scale-ins only.
 * @returns the items, scale-ins raised where protection requires (`protected-tasks`).
 */
export function applyScaleInProtection(
  items: readonly ScalePlanItem[],
  readings: ReadonlyMap<string, ProtectionReading>,
): ScalePlanItem[] {
  return items.map((item) => {
    const reading = readings.get(getScaleServiceKey(item.decision));
    if (!isScaleInPlanned(item.decision) || reading === undefined) return item;
    if ('protectedTasks' in reading) {
      return { ...item, decision: applyTaskProtection(item.decision, reading.protectedTasks) };
    }
    const kept = applyTaskProtection(item.decision, item.decision.currentCount);
    const notes = [...kept.notes, `protection unread: ${reading.unread}`];
    return { ...item, decision: { ...kept, notes } };
  });
}

/**
 * Guard: a tick that wants to change more services than `maxServicesChangedPerRun` changes none
 * of them: so many changes at once is more likely a reaction to broken metrics than to load.
 *
 * @returns the plan, every changing item marked `refused` when the guard refuses.
 */
export function guardScalePlan(
  items: readonly ScalePlanItem[],
  maxServicesChangedPerRun: number,
): ScalePlan {
  const isChange = (item: ScalePlanItem) =>
    item.decision.desiredCount !== item.decision.currentCount;
  const changes = items.filter(isChange).length;
  const guardRefused = changes > maxServicesChangedPerRun;
  return {
    items: items.map((item) =>
      guardRefused && isChange(item) ? { ...item, guard: 'refused' } : item,
    ),
    guardRefused,
    changes,
  };
}
