import type { ScaleServiceRule } from '../../config/scale-section.ts';
import type { TaskSamples } from './build-calculator-input.ts';
import { MAX_QUERIES_PER_CALL } from './build-metric-queries.ts';
import type { PlannedQuery } from './pack-search-queries.ts';
import type { MetricDataResultLike } from './read-metric-results.ts';
import type { ServiceTask } from './scale-types.ts';
import { getScaleServiceKey } from './select-scale-rule.ts';

/**
 * Container Insights with enhanced observability publishes each task's metrics in
 * `ECS/ContainerInsights` with the dimensions ClusterName, ServiceName and TaskId (for a service's
 * tasks): https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-enhanced-observability-metrics-ECS.html
 * `CpuUtilized` is in CPU units and `MemoryUtilized` in MiB, the units of the task's `cpu` and
 * `memory`, so usage ÷ request is the task's utilization.
 */
export const TASK_METRIC_NAMESPACE = 'ECS/ContainerInsights';
const TASK_METRIC_NAMES = { cpu: 'CpuUtilized', memory: 'MemoryUtilized' } as const;

/** One service whose per-task samples a tick reads, with the tasks to read them for. */
export type TaskMetricService = {
  clusterName: string;
  serviceName: string;
  rule: Pick<ScaleServiceRule, 'metrics'>;
  /** The PRIMARY deployment's tasks (only RUNNING ones are asked for). */
  tasks: readonly ServiceTask[];
};

type TaskQueryRef = {
  serviceKey: string;
  metricIndex: number;
  taskId: string;
  maxAgeSeconds: number;
};

/** The GetMetricData calls that read per-task samples, and what each query id stands for. */
export type TaskQueryPlan = {
  /** At most 500 queries (one metric each) per call. */
  batches: PlannedQuery[][];
  refs: Record<string, TaskQueryRef>;
  /** Epoch ms: the window every call must request. */
  startTime: number;
  endTime: number;
};

/**
 * Plans one `Average` query per RUNNING task and per `perTask` cpu / memory metric of its rule,
 * packed 500 to a call. Only the services a tick would change are read, so an idle fleet costs
 * nothing.
 *
 * @returns the batches (empty when no rule reads per task) and the id index.
 * @throws never.
 */
export function buildTaskMetricQueries(
  services: readonly TaskMetricService[],
  now: number,
): TaskQueryPlan {
  const queries: PlannedQuery[] = [];
  const refs: Record<string, TaskQueryRef> = {};
  let lookbackSeconds = 300;
  for (const service of services) {
    const serviceKey = getScaleServiceKey(service);
    service.rule.metrics.forEach((metric, metricIndex) => {
      if ((metric.kind !== 'cpu' && metric.kind !== 'memory') || !metric.perTask) return;
      lookbackSeconds = Math.max(lookbackSeconds, metric.maxAgeSeconds);
      for (const task of service.tasks) {
        if (!task.running) continue;
        const id = `t${queries.length}`;
        refs[id] = {
          serviceKey,
          metricIndex,
          taskId: task.taskId,
          maxAgeSeconds: metric.maxAgeSeconds,
        };
        queries.push({
          Id: id,
          MetricStat: {
            Metric: {
              Namespace: TASK_METRIC_NAMESPACE,
              MetricName: TASK_METRIC_NAMES[metric.kind],
              Dimensions: [
                { Name: 'ClusterName', Value: service.clusterName },
                { Name: 'ServiceName', Value: service.serviceName },
                { Name: 'TaskId', Value: task.taskId },
              ],
            },
            Period: 60,
            Stat: 'Average',
          },
          ReturnData: true,
        });
      }
    });
  }
  const batches: PlannedQuery[][] = [];
  for (let start = 0; start < queries.length; start += MAX_QUERIES_PER_CALL) {
    batches.push(queries.slice(start, start + MAX_QUERIES_PER_CALL));
  }
  const endTime = Math.ceil(now / 60_000) * 60_000;
  const startTime = endTime - Math.ceil(lookbackSeconds / 60) * 60_000 - 60_000;
  return { batches, refs, startTime, endTime };
}

/**
 * Maps the per-task results back: each task's newest datapoint no older than its metric's
 * `maxAgeSeconds`, or `null` when it reported none (Kubernetes' missing pod).
 *
 * @returns samples by service key (`cluster/service`), then by metric index.
 * @throws never.
 */
export function readTaskSamples(
  results: readonly MetricDataResultLike[],
  plan: Pick<TaskQueryPlan, 'refs'>,
  now: number,
): Record<string, (TaskSamples | undefined)[]> {
  const newest = new Map<string, { at: number; value: number }>();
  for (const result of results) {
    const ref = result.Id === undefined ? undefined : plan.refs[result.Id];
    if (ref === undefined || result.Id === undefined) continue;
    (result.Timestamps ?? []).forEach((at, i) => {
      const value = result.Values?.[i];
      const fresh = at >= now - ref.maxAgeSeconds * 1000;
      const best = newest.get(result.Id as string);
      if (value === undefined || !Number.isFinite(value) || !fresh) return;
      if (best === undefined || at > best.at) newest.set(result.Id as string, { at, value });
    });
  }
  const samples: Record<string, Record<string, number | null>[]> = {};
  for (const [id, ref] of Object.entries(plan.refs)) {
    const byMetric = samples[ref.serviceKey] ?? [];
    samples[ref.serviceKey] = byMetric;
    const byTask = byMetric[ref.metricIndex] ?? {};
    byMetric[ref.metricIndex] = byTask;
    byTask[ref.taskId] = newest.get(id)?.value ?? null;
  }
  return samples;
}
