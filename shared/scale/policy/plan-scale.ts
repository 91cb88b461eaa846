import { applyTaskProtection, isScaleInPlanned } from './apply-task-protection.ts';
import { decideServiceScale, type ServiceScaleFacts } from './decide-service-scale.ts';
import type { ServiceMetricReadings } from './read-metric-results.ts';
import type { ScaleDecision } from './scale-types.ts';
import { getScaleServiceKey } from './select-scale-rule.ts';

/** One selected service's decision, with the ARN that the act step and audit event name. */
export type ScalePlanItem = {
  serviceArn: string;
  decision: ScaleDecision;
  /** `held-back`: a scale-in beyond the tick's cap; the tick leaves the count as it is. */
  guard: 'allowed' | 'held-back';
};

/** A tick's plan: every selected service's decision and what the guard held back. */
export type ScalePlan = {
  items: ScalePlanItem[];
  /** Scale-ins beyond `maxServicesChangedPerRun`, held back this tick. */
  heldBack: number;
  /** Services whose count the plan changes (held-back ones included). */
  changes: number;
};

/**
 * What one service's task protection read gave: a count (undefined when the tick read its tasks
 * for a scale-out and so did not ask for protection), or why it could not be read.
 */
export type ProtectionReading = { protectedTasks: number | undefined } | { unread: string };

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
 * The services whose tasks the tick reads before acting: those whose count would change. Their
 * tasks' readiness can only hold a change back, and a scale-in needs their protection; a service
 * that keeps its count costs no task read (ListTasks, DescribeTasks and GetTaskProtection cost a
 * call per 100 tasks), nor does a scale-out driven by totals only (AverageValue targets such as a
 * queue's backlog, which Kubernetes divides by the target without looking at pods).
 */
export function listChangesToRead(items: readonly ScalePlanItem[]): ScaleDecision[] {
  return items.flatMap(({ decision }) => {
    if (decision.desiredCount === decision.currentCount) return [];
    const totalsOnly =
      decision.metrics.length > 0 &&
      decision.metrics.every((metric) => metric.targetType === 'AverageValue');
    return isScaleInPlanned(decision) || !totalsOnly ? [decision] : [];
  });
}

/**
 * Raises each planned scale-in to its protected tasks. A service whose protection could not be
 * read keeps its count: scaling in blind could ask ECS for fewer tasks than it may stop. So does
 * one whose scale-in appeared only once its tasks were read (its protection was not asked for):
 * a later tick, whose first decision is then a scale-in, reads it.
 *
 * @param readings by service key (`cluster/service`), for the services whose tasks were read.
 * @returns the items, scale-ins raised where protection requires (`protected-tasks`).
 */
export function applyScaleInProtection(
  items: readonly ScalePlanItem[],
  readings: ReadonlyMap<string, ProtectionReading>,
): ScalePlanItem[] {
  return items.map((item) => {
    const reading = readings.get(getScaleServiceKey(item.decision));
    if (!isScaleInPlanned(item.decision) || reading === undefined) return item;
    if ('protectedTasks' in reading && reading.protectedTasks !== undefined) {
      return { ...item, decision: applyTaskProtection(item.decision, reading.protectedTasks) };
    }
    const kept = applyTaskProtection(item.decision, item.decision.currentCount);
    const why =
      'unread' in reading ? reading.unread : 'not read on a tick that planned a scale-out';
    const notes = [...kept.notes, `protection unread: ${why}`];
    return { ...item, decision: { ...kept, notes } };
  });
}

/**
 * Guard: at most `maxServicesChangedPerRun` scale-ins per tick, the rest held back until a later
 * tick; scale-outs are never held back. A tick asking to shrink many services at once is more
 * likely reacting to broken metrics than to load, and a scale-in can wait a minute; a broad
 * morning ramp is real load, and refusing it would leave every service short. The scale-ins let
 * through are the first by `cluster/service`, so consecutive ticks work through the same order.
 *
 * @returns the plan, scale-ins beyond the cap marked `held-back`.
 */
export function guardScalePlan(
  items: readonly ScalePlanItem[],
  maxServicesChangedPerRun: number,
): ScalePlan {
  const changes = items.filter(
    (item) => item.decision.desiredCount !== item.decision.currentCount,
  ).length;
  const allowedScaleIns = new Set(
    items
      .filter((item) => isScaleInPlanned(item.decision))
      .map((item) => getScaleServiceKey(item.decision))
      .sort()
      .slice(0, maxServicesChangedPerRun),
  );
  let heldBack = 0;
  const guarded = items.map((item): ScalePlanItem => {
    const key = getScaleServiceKey(item.decision);
    if (!isScaleInPlanned(item.decision) || allowedScaleIns.has(key)) return item;
    heldBack += 1;
    return { ...item, guard: 'held-back' };
  });
  return { items: guarded, heldBack, changes };
}
