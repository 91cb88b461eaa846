import { calculatePerTask, failed, reasonFor } from './calculate-per-task.ts';
import {
  ceilExact,
  ceilMilli,
  isWithinTolerance,
  type ReplicaCalculation,
  type ReplicaCalculatorInput,
  type TaskGroups,
} from './calculator-types.ts';

/**
 * The replica calculator: Kubernetes' `ReplicaCalculator` (kubernetes/kubernetes
 * pkg/controller/podautoscaler/replica_calculator.go) for ECS tasks. The scale function, `plan
 * scale` and `npx ecs-autopilot calculate` all call it.
 *
 * - `Utilization` (per-task usage ÷ request): {@link calculatePerTask}, Kubernetes' resource
 *   metric with its missing-task and readiness rules.
 * - `AverageValue` with per-task samples (no `value`): {@link calculatePerTask}, Kubernetes' Pods
 *   metric. With one aggregate `value` (a queue's backlog): Kubernetes' external per-pod metric,
 *   `ceil(value / target)` unless `value / (target × currentCount)` is within tolerance.
 * - `Value` (one aggregate value): Kubernetes' object metric, `ceil(value / target × ready tasks)`
 *   unless within tolerance; from zero tasks `ceil(value / target)`.
 *
 * @returns a count with its reason and what was compared with the target, or `failed` with the
 *   reason Kubernetes would return an error. One deliberate difference: a Value target with no
 *   ready task fails (`no-ready-tasks`) where Kubernetes proposes 0, because a service whose tasks
 *   fail to start must not be scaled in by a ratio multiplied by zero.
 * @throws never.
 */
export function calculateReplicas(input: ReplicaCalculatorInput): ReplicaCalculation {
  if (input.targetType === 'Utilization') return calculatePerTask(input);
  if (input.targetType === 'AverageValue') {
    return input.value === undefined ? calculatePerTask(input) : calculateTotal(input, input.value);
  }
  return calculateValue(input, input.value ?? Number.NaN);
}

/** Kubernetes' `GetExternalPerPodMetricReplicas` / `GetObjectPerPodMetricReplicas`. */
function calculateTotal(input: ReplicaCalculatorInput, value: number): ReplicaCalculation {
  const { currentCount, target, tolerance } = input;
  const usageRatio = value / (target * currentCount);
  const groups = countGroups(input);
  // Kubernetes reports the total per current task (rounded up to milli-units).
  const usage = currentCount > 0 ? ceilMilli(value / currentCount) : value;
  if (currentCount > 0 && isWithinTolerance(usageRatio, tolerance)) {
    return {
      status: 'calculated',
      desiredCount: currentCount,
      usage,
      usageRatio,
      reason: 'within-tolerance',
      groups,
    };
  }
  const desiredCount = ceilExact(value / target);
  const reason = reasonFor(desiredCount, currentCount);
  return { status: 'calculated', desiredCount, usage, usageRatio, reason, groups };
}

/** Kubernetes' `GetObjectMetricReplicas` / `GetExternalMetricReplicas` (`getUsageRatioReplicaCount`). */
function calculateValue(input: ReplicaCalculatorInput, value: number): ReplicaCalculation {
  const { currentCount, target, tolerance, tasks } = input;
  const usageRatio = value / target;
  const groups = countGroups(input);
  const answer = (desiredCount: number, reason = reasonFor(desiredCount, currentCount)) =>
    ({ status: 'calculated', desiredCount, usage: value, usageRatio, reason, groups }) as const;
  if (currentCount === 0) return answer(ceilExact(usageRatio));
  if (isWithinTolerance(usageRatio, tolerance)) return answer(currentCount, 'within-tolerance');
  if (tasks.length === 0) {
    return failed('no-tasks', 'no task is RUNNING or starting, so there is no ready count');
  }
  // Kubernetes' getReadyPodsCount: Running and Ready, whatever the metric.
  const ready = tasks.filter((task) => task.ready).length;
  if (ready === 0) {
    return failed(
      'no-ready-tasks',
      'no task is ready: the value cannot be multiplied by zero tasks',
    );
  }
  return answer(ceilExact(usageRatio * ready));
}

/** The tasks' readiness, for the report: the aggregate paths read no per-task sample. */
function countGroups(input: ReplicaCalculatorInput): TaskGroups {
  const ready = input.tasks.filter((task) => task.ready).length;
  return { ready, unready: input.tasks.length - ready, missing: 0 };
}
