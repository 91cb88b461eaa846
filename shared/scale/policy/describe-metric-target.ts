import type { ScaleMetricConfig } from '../../config/scale-section.ts';

/** How a configured metric is compared with its target (HPA's metric target types). */
export type MetricTarget = {
  name: string;
  targetType: 'Utilization' | 'Value' | 'AverageValue';
  target: number;
  /** May decide scale to / from zero: cpu and memory have no datapoints at zero tasks. */
  canActivate: boolean;
};

/**
 * Maps a metric of the `scale:` config to HPA's target type and value.
 *
 * - cpu / memory: Utilization of the service's average percent.
 * - sqs-backlog: AverageValue, the whole queue divided by messages per task.
 * - alb-requests `per-target`: RequestCountPerTarget is already an average per registered
 *   target, so it is a Value target multiplied by RUNNING tasks; `total`: RequestCount is a
 *   whole-service sum, so an AverageValue target.
 * - custom: as configured.
 *
 * @returns the target description used by the decision and the report.
 * @throws never.
 */
export function describeMetricTarget(metric: ScaleMetricConfig): MetricTarget {
  const name = metric.name ?? metric.kind;
  switch (metric.kind) {
    case 'cpu':
    case 'memory':
      return { name, targetType: 'Utilization', target: metric.targetPercent, canActivate: false };
    case 'sqs-backlog':
      return { name, targetType: 'AverageValue', target: metric.targetPerTask, canActivate: true };
    case 'alb-requests':
      return {
        name,
        targetType: metric.mode === 'per-target' ? 'Value' : 'AverageValue',
        target: metric.targetPerTask,
        canActivate: true,
      };
    case 'custom':
      return { name, targetType: metric.targetType, target: metric.target, canActivate: true };
  }
}
