/** HPA's per-direction tolerance around a usage ratio of 1. */
export type ScaleTolerance = { up: number; down: number };

/** Inputs of one metric's replica calculation, in ECS terms. */
export type ReplicaCalculationInput = {
  targetType: 'Utilization' | 'Value' | 'AverageValue';
  target: number;
  /** The metric's latest value; undefined when CloudWatch returned no fresh datapoint. */
  value: number | undefined;
  /** The service's desiredCount (HPA's currentReplicas / statusReplicas). */
  currentCount: number;
  /** RUNNING tasks (HPA's ready pods). */
  readyCount: number;
  tolerance: ScaleTolerance;
};

/** The task count one metric proposes, or why it cannot propose one. */
export type ReplicaProposal =
  | { status: 'proposed'; replicas: number; usageRatio: number; withinTolerance: boolean }
  | { status: 'missing'; missing: 'no-datapoint' | 'no-ready-tasks' };

/**
 * True when the usage ratio is close enough to 1 that HPA keeps the current count
 * (Kubernetes' `Tolerances.isWithin`: inclusive on both edges).
 */
export function isWithinTolerance(usageRatio: number, tolerance: ScaleTolerance): boolean {
  return 1 - tolerance.down <= usageRatio && usageRatio <= 1 + tolerance.up;
}

/**
 * Calculates the task count one metric asks for, with Kubernetes' replica-calculator arithmetic.
 *
 * - `Utilization` (cpu / memory percent): the percent is truncated to an integer first, as
 *   Kubernetes' `int32(metricsTotal*100/requestsTotal)` does, then `ceil(ratio × RUNNING)`;
 *   on a scale-up while tasks are still starting (desired > RUNNING), those tasks count as 0%
 *   (Kubernetes' unready-pod rebalancing).
 * - `Value` (a per-task value such as RequestCountPerTarget): `ceil(value/target × RUNNING)`;
 *   at zero current tasks `ceil(value/target)` (Kubernetes' scale-from-zero branch).
 * - `AverageValue` (a whole-service total such as a queue backlog): `ceil(total / target)`,
 *   with the tolerance checked on `total / (target × current)`.
 *
 * @returns `proposed` with the count (the current count when within tolerance), or `missing`.
 *   Utilization and Value with no RUNNING task are `missing`, not 0: a service whose tasks fail
 *   to start must not be scaled in by a ratio multiplied by zero.
 * @throws never.
 */
export function calculateReplicas(input: ReplicaCalculationInput): ReplicaProposal {
  const { targetType, target, value, currentCount, readyCount, tolerance } = input;
  if (value === undefined || !Number.isFinite(value)) {
    return { status: 'missing', missing: 'no-datapoint' };
  }
  if (targetType === 'AverageValue') {
    const usageRatio = value / (target * currentCount);
    const withinTolerance = currentCount > 0 && isWithinTolerance(usageRatio, tolerance);
    const replicas = withinTolerance ? currentCount : Math.ceil(value / target);
    return { status: 'proposed', replicas, usageRatio, withinTolerance };
  }
  const usage = targetType === 'Utilization' ? Math.trunc(value) : value;
  const usageRatio = usage / target;
  if (targetType === 'Value' && currentCount === 0) {
    return {
      status: 'proposed',
      replicas: Math.ceil(usageRatio),
      usageRatio,
      withinTolerance: false,
    };
  }
  const pending = Math.max(0, currentCount - readyCount);
  if (targetType === 'Utilization' && pending > 0 && usageRatio > 1 && readyCount > 0) {
    return rebalancePending({ value, target, currentCount, readyCount, usageRatio, tolerance });
  }
  if (isWithinTolerance(usageRatio, tolerance)) {
    return { status: 'proposed', replicas: currentCount, usageRatio, withinTolerance: true };
  }
  if (readyCount <= 0) return { status: 'missing', missing: 'no-ready-tasks' };
  return {
    status: 'proposed',
    replicas: Math.ceil(usageRatio * readyCount),
    usageRatio,
    withinTolerance: false,
  };
}

/**
 * Kubernetes' scale-up with unready pods, for tasks not yet RUNNING: they are counted as using
 * 0%, so a service still starting the tasks of its last scale-out is not scaled out again for
 * the same load; a ratio that then falls within tolerance or below 1 keeps the current count.
 */
function rebalancePending(options: {
  value: number;
  target: number;
  currentCount: number;
  readyCount: number;
  usageRatio: number;
  tolerance: ScaleTolerance;
}): ReplicaProposal {
  const { value, target, currentCount, readyCount, usageRatio, tolerance } = options;
  const newRatio = Math.trunc((value * readyCount) / currentCount) / target;
  if (isWithinTolerance(newRatio, tolerance) || newRatio < 1) {
    return { status: 'proposed', replicas: currentCount, usageRatio, withinTolerance: true };
  }
  return {
    status: 'proposed',
    replicas: Math.ceil(newRatio * currentCount),
    usageRatio,
    withinTolerance: false,
  };
}
