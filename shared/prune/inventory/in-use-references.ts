import { type EcsScans, type PendingRestartOptions, scanEcsReferences } from './ecs-references.ts';
import { scanEventBridgeReferences } from './eventbridge-references.ts';
import { scanSchedulerReferences } from './scheduler-references.ts';
import type { SourceScan } from './source-scan.ts';
import { scanStepFunctionsReferences } from './step-functions-references.ts';

/**
 * Reads every place a task definition is in use, each source on its own: ECS services, tasks and
 * pending restarts (cluster by cluster, under the pacer), the rules of every event bus,
 * EventBridge Scheduler schedules and Step Functions state machines. The sources that need no
 * cluster list start at once with the ECS reads.
 *
 * A failed read never throws: it is a gap of its source, and any gap keeps the run from removing
 * anything, because a revision referenced by what could not be read would look unused.
 *
 * @returns one scan per source, in the report's order.
 */
export async function listInUseReferences(pending: PendingRestartOptions): Promise<SourceScan[]> {
  const ecsAndRules = scanEcsReferences(pending).then(
    async (ecs): Promise<[EcsScans, SourceScan]> => [
      ecs,
      await scanEventBridgeReferences(ecs.clusters),
    ],
  );
  const [[ecs, rules], schedules, stateMachines] = await Promise.all([
    ecsAndRules,
    scanSchedulerReferences(),
    scanStepFunctionsReferences(),
  ]);
  return [ecs.services, ecs.tasks, ecs.restarts, rules, schedules, stateMachines];
}
