import { getMetricDataSeries } from '../aws/cloudwatch-metrics.ts';
import type { TaskSamples } from './policy/build-calculator-input.ts';
import {
  buildTaskMetricQueries,
  readTaskSamples,
  type TaskMetricService,
  type TaskQueryPlan,
} from './policy/build-task-queries.ts';

/** Per-task samples by service key and metric index, and the calls that read them. */
export type TaskSampleReadings = {
  batches: TaskQueryPlan['batches'];
  samples: Record<string, (TaskSamples | undefined)[]>;
};

/**
 * Reads each task's own CpuUtilized / MemoryUtilized (Container Insights with enhanced
 * observability) for the services and metrics that ask for it (`perTask: true`), 500 tasks a
 * GetMetricData call; no call when none does.
 *
 * @returns the samples (a task without a fresh datapoint is `null`) and the batches sent.
 * @throws AwsCallError when GetMetricData fails. Requires cloudwatch:GetMetricData.
 */
export async function gatherTaskSamples(
  services: readonly TaskMetricService[],
  now: number,
): Promise<TaskSampleReadings> {
  const plan = buildTaskMetricQueries(services, now);
  if (plan.batches.length === 0) return { batches: [], samples: {} };
  const range = { start: new Date(plan.startTime), end: new Date(plan.endTime) };
  const series = await getMetricDataSeries(plan.batches, range);
  return { batches: plan.batches, samples: readTaskSamples(series, plan, now) };
}
