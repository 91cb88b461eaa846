import { updateServiceDesiredCount } from '../aws/ecs-services.ts';
import { runConcurrently } from '../runtime/run-concurrently.ts';
import type { ScalePlan } from './policy/plan-scale.ts';
import type { ScaleDecision } from './policy/scale-types.ts';

/** What happened to one service's decision. */
export type ScaleOutcomeStatus =
  /** The decision keeps the count: no call. */
  | 'unchanged'
  | 'updated'
  | 'dry-run'
  /** A scale-in beyond `maxServicesChangedPerRun` this tick: held back, a later tick decides. */
  | 'held-back'
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

export type ApplyScaleOptions = {
  dryRun: boolean;
  /** Milliseconds left before the function must stop starting work. */
  remainingMs: () => number;
  /** How long the next call of this command would wait for the pacer. */
  waitTimeMs: (commandName: string) => number;
};

// UpdateService lanes in flight at once; the pacer keeps them within ECS's update bucket.
const updateLanes = 10;

/**
 * Applies a guarded plan: UpdateService once per changed service (never for an unchanged one),
 * paced by the ECS update bucket; nothing under dry run, nothing for a scale-in the guard held back.
 *
 * @returns one outcome per plan item, in order.
 * @throws never: a failed update is an outcome, so the other services still scale.
 */
export async function applyScalePlan(
  plan: ScalePlan,
  options: ApplyScaleOptions,
): Promise<ScaleOutcome[]> {
  const outcomes: ScaleOutcome[] = plan.items.map(({ decision, serviceArn, guard }) => ({
    decision,
    serviceArn,
    status: guard === 'held-back' ? 'held-back' : 'unchanged',
    desiredCountAfterTick: decision.currentCount,
  }));
  const changes = outcomes.filter(
    (o) => o.status === 'unchanged' && o.decision.desiredCount !== o.decision.currentCount,
  );
  if (options.dryRun) {
    for (const outcome of changes) outcome.status = 'dry-run';
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
