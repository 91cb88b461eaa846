import { updateServiceDesiredCount } from '../aws/ecs-services.ts';
import { runConcurrently } from '../runtime/run-concurrently.ts';
import { countProtectedTasks } from './inventory.ts';
import { applyTaskProtection, isScaleInPlanned } from './policy/apply-task-protection.ts';
import type { ScaleDecision } from './policy/scale-types.ts';

/** What happened to one service's decision. */
export type ScaleOutcomeStatus =
  /** The decision keeps the count: no call. */
  | 'unchanged'
  | 'updated'
  | 'dry-run'
  /** The tick planned more changes than `maxServicesChangedPerRun`: nothing was changed. */
  | 'guard-refused'
  | 'failed'
  /** The time budget ran out before the call could start; the next tick decides again. */
  | 'not-started';

/** One service's decision and what the tick did with it. */
export type ScaleOutcome = {
  decision: ScaleDecision;
  serviceArn: string;
  status: ScaleOutcomeStatus;
  /** The count the service has after the tick (the current one unless `updated`). */
  desiredCountAfterTick: number;
  error?: string;
};

/** A decision to act on, with the ARN the audit event names. */
export type ScaleAction = { decision: ScaleDecision; serviceArn: string };

export type ApplyScaleOptions = {
  dryRun: boolean;
  maxServicesChangedPerRun: number;
  /** Milliseconds left before the function must stop starting work. */
  remainingMs: () => number;
  /** How long the next call of this command would wait for the pacer. */
  waitTimeMs: (commandName: string) => number;
};

// UpdateService lanes in flight at once; the pacer keeps them within ECS's update bucket.
const updateLanes = 10;

/**
 * Reads task scale-in protection for the decisions that lower a count, and raises each to its
 * protected tasks. A service whose protection cannot be read keeps its count: scaling in
 * blind could ask ECS for fewer tasks than it is allowed to stop.
 *
 * @returns the decisions, scale-ins raised where protection requires (`protected-tasks`).
 * @throws never: read failures become a kept count with a note.
 */
export async function protectScaleIns(
  decisions: readonly ScaleDecision[],
  now: Date,
): Promise<ScaleDecision[]> {
  const protectedDecisions = [...decisions];
  const scaleIns = protectedDecisions.flatMap((d, i) => (isScaleInPlanned(d) ? [i] : []));
  await runConcurrently(scaleIns, updateLanes, async (index) => {
    const decision = protectedDecisions[index];
    if (decision === undefined) return;
    try {
      protectedDecisions[index] = applyTaskProtection(
        decision,
        await countProtectedTasks(decision, now),
      );
    } catch (error) {
      const kept = applyTaskProtection(decision, decision.currentCount);
      const message = error instanceof Error ? error.message : String(error);
      protectedDecisions[index] = {
        ...kept,
        notes: [...kept.notes, `protection unread: ${message}`],
      };
    }
  });
  return protectedDecisions;
}

/**
 * Applies the decisions that change a count: UpdateService once per changed service (never
 * for an unchanged one), paced by the ECS update bucket, none under dry run or when the plan
 * exceeds `maxServicesChangedPerRun` (the whole plan is refused: a run that wants to change
 * that many services is more likely reacting to broken metrics than to load).
 *
 * @returns one outcome per decision, in order.
 * @throws never: a failed update is an outcome, so the other services still scale.
 */
export async function applyScaleDecisions(
  actions: readonly ScaleAction[],
  options: ApplyScaleOptions,
): Promise<ScaleOutcome[]> {
  const outcomes: ScaleOutcome[] = actions.map(({ decision, serviceArn }) => ({
    decision,
    serviceArn,
    status: 'unchanged',
    desiredCountAfterTick: decision.currentCount,
  }));
  const changes = outcomes.filter((o) => o.decision.desiredCount !== o.decision.currentCount);
  const refused = changes.length > options.maxServicesChangedPerRun;
  if (options.dryRun || refused) {
    for (const outcome of changes) outcome.status = refused ? 'guard-refused' : 'dry-run';
    return outcomes;
  }
  for (const outcome of changes) outcome.status = 'not-started';
  const outOfTime = () => options.waitTimeMs('UpdateServiceCommand') >= options.remainingMs();
  await runConcurrently(
    changes,
    updateLanes,
    async (outcome) => {
      const { clusterName, serviceName, desiredCount } = outcome.decision;
      try {
        await updateServiceDesiredCount(clusterName, serviceName, desiredCount);
        outcome.status = 'updated';
        outcome.desiredCountAfterTick = desiredCount;
      } catch (error) {
        outcome.status = 'failed';
        outcome.error = error instanceof Error ? error.message : String(error);
      }
    },
    outOfTime,
  );
  return outcomes;
}
