import type { TaskSamples } from './build-calculator-input.ts';
import type { ScaleTarget } from './build-metric-queries.ts';
import { type DecideScaleInput, decideScale } from './decide-scale.ts';
import type { ServiceMetricReadings } from './read-metric-results.ts';
import type { ScaleDecision, ScaleServiceSnapshot } from './scale-types.ts';
import { getScaleServiceKey } from './select-scale-rule.ts';

/** What the gather step knows of one selected service (the shape of `ScaleServiceFacts`). */
export type ServiceScaleFacts = Pick<
  DecideScaleInput,
  'deploymentInProgress' | 'managedElsewhere'
> & {
  target: ScaleTarget;
  snapshot: ScaleServiceSnapshot;
};

/**
 * Decides one selected service from its gathered facts and the tick's metric readings: the
 * service's rule, metric values, read-back histories and (when read) per-task samples go to
 * {@link decideScale}. A service
 * without readings decides on missing metrics (which never scales in).
 *
 * @returns the decision; a `stabilizing` decision whose recommendation history was not found
 *   says so in its notes, since SEARCH finds a new series only minutes after its first datapoint.
 * @throws never.
 */
export function decideServiceScale(
  facts: ServiceScaleFacts,
  readings: Readonly<Record<string, ServiceMetricReadings>>,
  now: number,
  taskSamples?: readonly (TaskSamples | undefined)[],
): ScaleDecision {
  const reading = readings[getScaleServiceKey(facts.target)];
  const decision = decideScale({
    service: facts.snapshot,
    config: facts.target.rule,
    metrics: reading?.metrics ?? [],
    recommendationsHistory: reading?.recommendationsHistory ?? [],
    desiredHistory: reading?.desiredHistory ?? [],
    ...(taskSamples === undefined ? {} : { taskSamples }),
    deploymentInProgress: facts.deploymentInProgress,
    managedElsewhere: facts.managedElsewhere,
    now,
  });
  if (reading?.recommendationsFound !== false || decision.reason !== 'stabilizing') return decision;
  return { ...decision, notes: [...decision.notes, 'recommendation history not searchable yet'] };
}
