/** HPA's per-direction tolerance around a usage ratio of 1. */
export type ScaleTolerance = { up: number; down: number };

/**
 * Kubernetes' readiness settings for CPU (the controller's `--horizontal-pod-autoscaler-cpu-
 * initialization-period`, default 5 min, and `--horizontal-pod-autoscaler-initial-readiness-delay`,
 * default 30 s), per scaling rule here.
 */
export type ReadinessSettings = {
  /** Seconds after a task started during which its CPU counts only once it is surely warm. */
  cpuStartupPeriodSeconds: number;
  /** Seconds after a task started before an UNKNOWN health status counts as ready. */
  readinessDelaySeconds: number;
};

/** Kubernetes' defaults for {@link ReadinessSettings}. */
export const DEFAULT_READINESS: ReadinessSettings = {
  cpuStartupPeriodSeconds: 300,
  readinessDelaySeconds: 30,
};

/**
 * Seconds one task sample covers: the period of the per-task CloudWatch metrics the scaler reads
 * (Container Insights publishes a task's metrics once a minute). Kubernetes' counterpart is the
 * metrics-server window.
 */
export const TASK_SAMPLE_WINDOW_SECONDS = 60;

/** One task as the calculator sees it (a Kubernetes pod). */
export type CalculatorTask = {
  /**
   * The task's own metric value: CPU or memory units used for a Utilization target, the metric
   * for a per-task AverageValue target; `null` when it reported no datapoint.
   */
  usage?: number | null | undefined;
  /** The task's reserved units of the resource (Utilization only). */
  request?: number | undefined;
  /** Whether the task counts as ready: RUNNING and healthy (see `readinessDelaySeconds`). */
  ready: boolean;
  /** Seconds since the task reached RUNNING; absent for a task still starting (a Pending pod). */
  startedSecondsAgo?: number | undefined;
};

/** Everything one metric's replica calculation depends on: plain data, no clock. */
export type ReplicaCalculatorInput = {
  /** The service's desiredCount (HPA's currentReplicas). */
  currentCount: number;
  targetType: 'Utilization' | 'Value' | 'AverageValue';
  /** Percent for Utilization, per task for AverageValue, the value itself for Value. */
  target: number;
  /** `cpu` turns on Kubernetes' CPU readiness rules; undefined for any other metric. */
  resource?: 'cpu' | 'memory' | undefined;
  tolerance: ScaleTolerance;
  /** The service's tasks that are RUNNING or on their way (stopping tasks left out). */
  tasks: readonly CalculatorTask[];
  /** One aggregate value: Value targets, and AverageValue targets without per-task samples. */
  value?: number | undefined;
  readiness: ReadinessSettings;
};

/** Why the calculator proposed the count it did. */
export const CalculatorReason = {
  scaleOut: 'scale-out',
  scaleIn: 'scale-in',
  withinTolerance: 'within-tolerance',
  rebalancedWithinTolerance: 'rebalanced-within-tolerance',
  rebalanceReversed: 'rebalance-reversed',
  roundsToCurrent: 'rounds-to-current',
} as const;
/** A reason of a {@link ReplicaCalculation}. */
export type CalculatorReason = (typeof CalculatorReason)[keyof typeof CalculatorReason];

/** Why the calculator could not propose a count (Kubernetes returns an error for these). */
export const CalculatorError = {
  noTasks: 'no-tasks',
  noUsage: 'no-usage',
  missingRequest: 'missing-request',
  noReadyTasks: 'no-ready-tasks',
} as const;
/** An error of a {@link ReplicaCalculation}. */
export type CalculatorError = (typeof CalculatorError)[keyof typeof CalculatorError];

/** How the calculator grouped the tasks (Kubernetes' `groupPods`). */
export type TaskGroups = {
  /** Tasks whose sample counts as is. */
  ready: number;
  /** Tasks set aside: still starting, or (CPU) not ready or not warm yet. */
  unready: number;
  /** Started tasks that reported no sample. */
  missing: number;
};

/** One metric's answer: a count with its reason, or why there is none. */
export type ReplicaCalculation =
  | {
      status: 'calculated';
      desiredCount: number;
      /** What was compared with the target: utilization percent, average per task, or value. */
      usage: number;
      usageRatio: number;
      reason: CalculatorReason;
      groups: TaskGroups;
    }
  | { status: 'failed'; error: CalculatorError; message: string };

/**
 * True when the usage ratio is close enough to 1 that HPA keeps the current count
 * (Kubernetes' `Tolerances.isWithin`: inclusive on both edges).
 */
export function isWithinTolerance(usageRatio: number, tolerance: ScaleTolerance): boolean {
  return 1 - tolerance.down <= usageRatio && usageRatio <= 1 + tolerance.up;
}

/**
 * Kubernetes computes in integer milli-units, so `8600 / 2150` is exactly 4; in binary floating
 * point `8.6 / 2.15` is 4.000000000000001. Rounding to 12 significant digits before `ceil` or
 * `trunc` gives the exact answer for every decimal input of up to 12 digits.
 */
function exact(value: number): number {
  return Number(value.toPrecision(12));
}

/** `Math.ceil` of the exact decimal result. */
export function ceilExact(value: number): number {
  return Math.ceil(exact(value));
}

/** `Math.trunc` of the exact decimal result. */
export function truncExact(value: number): number {
  return Math.trunc(exact(value));
}

/** Truncated to milli-units, as Kubernetes' int64 milli-value division does. */
export function truncMilli(value: number): number {
  return truncExact(value * 1000) / 1000;
}

/** Rounded up to milli-units, as Kubernetes' `math.Ceil` of a milli-value does. */
export function ceilMilli(value: number): number {
  return ceilExact(value * 1000) / 1000;
}
