import type { ScaleConfig } from '../config/scale-section.ts';
import { gatherScaleInventory, type ScaleInventory, type ScaleServiceName } from './inventory.ts';
import {
  applyScaleInProtection,
  guardScalePlan,
  listScaleInsToProtect,
  planServiceDecisions,
  type ScalePlan,
} from './policy/plan-scale.ts';
import { readScaleInProtection } from './protection.ts';
import { gatherScaleReadings, type ScaleReadings } from './readings.ts';

/** A planned tick, with what the report needs of its gather step. */
export type PlannedScaleTick = {
  plan: ScalePlan;
  failures: ScaleInventory['failures'];
  metricBatches: ScaleReadings['batches'];
};

/**
 * Gathers and decides one tick, for the function and for `plan scale` alike: the selected
 * services (an alarm's only), every metric in ⌈queries / 500⌉ GetMetricData calls, the pure
 * decisions, task protection for the planned scale-ins only, and the guard.
 *
 * @param options.onStep called before each phase (the CLI's progress line).
 * @returns the guarded plan; nothing is changed.
 * @throws AwsCallError when listing clusters, scalable targets or reading metrics fails.
 */
export async function planScaleTick(
  config: ScaleConfig,
  options: {
    now: Date;
    only?: readonly ScaleServiceName[] | undefined;
    onStep?: (step: string) => void;
  },
): Promise<PlannedScaleTick> {
  const now = options.now.getTime();
  options.onStep?.('reading services');
  const inventory = await gatherScaleInventory(config, { only: options.only });
  options.onStep?.('reading metrics');
  const { batches, readings } = await gatherScaleReadings(inventory.services, config, now);
  options.onStep?.('deciding');
  const decided = planServiceDecisions(inventory.services, readings, now);
  const protection = await readScaleInProtection(listScaleInsToProtect(decided), options.now);
  const protectedItems = applyScaleInProtection(decided, protection);
  return {
    plan: guardScalePlan(protectedItems, config.maxServicesChangedPerRun),
    failures: inventory.failures,
    metricBatches: batches,
  };
}
