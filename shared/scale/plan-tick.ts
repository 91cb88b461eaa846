import type { ScaleConfig } from '../config/scale-section.ts';
import {
  gatherScaleInventory,
  type ScaleInventory,
  type ScaleListing,
  type ScaleServiceName,
} from './inventory.ts';
import {
  applyScaleInProtection,
  guardScalePlan,
  listChangesToRead,
  planServiceDecisions,
  type ScalePlan,
} from './policy/plan-scale.ts';
import { redecideWithTasks, selectPrimaryTasks } from './policy/redecide-with-tasks.ts';
import { getScaleServiceKey } from './policy/select-scale-rule.ts';
import {
  assumeUnseenEvaluations,
  mergeSubTickHistory,
  type ReadBacks,
  type SubTickHistory,
  takeReadBacks,
  withReadBacks,
} from './policy/sub-tick-history.ts';
import { gatherScaleReadings, type ScaleReadings } from './readings.ts';
import { readServiceTasks } from './service-tasks.ts';
import { gatherTaskSamples } from './task-samples.ts';

/** A planned tick, with what the report needs of its gather step. */
export type PlannedScaleTick = {
  plan: ScalePlan;
  failures: ScaleInventory['failures'];
  /** Every GetMetricData call of the tick: service metrics, then per-task samples. */
  metricBatches: ScaleReadings['batches'];
  /** Queues read straight from SQS, and those that could not be read. */
  queues: ScaleReadings['queues'];
  /** The read-backs this evaluation used, for the invocation's later evaluations. */
  readBacks: ReadBacks;
  /** The listing this evaluation used, for the invocation's later evaluations. */
  listing: ScaleListing | undefined;
};

/**
 * Gathers and decides one tick, for the function and for `plan scale` alike: the selected
 * services (an alarm's only), every metric in ⌈queries / 500⌉ GetMetricData calls, the pure
 * decisions, then for the services whose count would change their tasks (health, start time,
 * protection, and per-task samples where a rule asks for them) and a second decision with
 * Kubernetes' task rules, and the guard.
 *
 * @param options.onStep called before each phase (the CLI's progress line).
 * @param options.history the container's recent evaluations (this invocation's sub-ticks and the
 *   last invocation's), read beside CloudWatch's read-backs for stabilization and the rate
 *   policies; in a new container, what it cannot see yet is assumed (assumeUnseenEvaluations).
 * @param options.scaleInBudget scale-ins this evaluation may still make (the invocation's cap
 *   minus what its earlier evaluations used); `maxServicesChangedPerRun` by default.
 * @param options.listing the invocation's first evaluation's listing: when given, the services
 *   are only described again (counts change within a minute; which services exist hardly does).
 * @param options.readBacks the invocation's first evaluation's read-backs: when given, none is
 *   read again (see buildMetricQueries).
 * @returns the guarded plan; nothing is changed.
 * @throws AwsCallError when listing clusters, scalable targets or reading metrics (per-task
 *   samples included) fails; a failed task read only holds its service back.
 */
export async function planScaleTick(
  config: ScaleConfig,
  options: {
    now: Date;
    only?: readonly ScaleServiceName[] | undefined;
    onStep?: (step: string) => void;
    history?: SubTickHistory | undefined;
    scaleInBudget?: number | undefined;
    readBacks?: ReadBacks | undefined;
    listing?: ScaleListing | undefined;
  },
): Promise<PlannedScaleTick> {
  const now = options.now.getTime();
  options.onStep?.('reading services');
  const inventory = await gatherScaleInventory(config, {
    only: options.only,
    listing: options.listing,
  });
  options.onStep?.('reading metrics');
  const cached = options.readBacks;
  const gathered = await gatherScaleReadings(inventory.services, config, now, {
    readBacks: cached === undefined,
  });
  const { batches, queues } = gathered;
  const periodMs = config.evaluationIntervalSeconds * 1000;
  const read = cached ? withReadBacks(gathered.readings, cached) : gathered.readings;
  const { history } = options;
  const readings = history
    ? assumeUnseenEvaluations(
        mergeSubTickHistory(read, history, periodMs),
        new Map(
          inventory.services.map((s) => [getScaleServiceKey(s.target), s.snapshot.desiredCount]),
        ),
        history,
        now,
      )
    : read;
  options.onStep?.('deciding');
  const decided = planServiceDecisions(inventory.services, readings, now);
  const changing = listChangesToRead(decided);
  if (changing.length > 0) options.onStep?.('reading the tasks of the services to change');
  const tasks = await readServiceTasks(changing, options.now);
  const samples = await gatherTaskSamples(
    inventory.services.flatMap((facts) => {
      const reading = tasks.get(getScaleServiceKey(facts.target));
      if (reading === undefined || 'unread' in reading) return [];
      return [{ ...facts.target, tasks: selectPrimaryTasks(reading.tasks, facts) }];
    }),
    now,
  );
  const redecided = redecideWithTasks(decided, {
    services: inventory.services,
    readings,
    tasks,
    samples: samples.samples,
    now,
  });
  const budget = options.scaleInBudget ?? config.maxServicesChangedPerRun;
  return {
    plan: guardScalePlan(applyScaleInProtection(redecided, tasks), budget),
    failures: inventory.failures,
    metricBatches: [...batches, ...samples.batches],
    queues,
    readBacks: cached ?? takeReadBacks(gathered.readings),
    listing: options.listing ?? inventory.listing,
  };
}
