/** Every outcome of a scaling decision, as a stable kebab-case reason. */
export const ScaleReason = {
  withinTolerance: 'within-tolerance',
  scaleOut: 'scale-out',
  scaleIn: 'scale-in',
  stabilizing: 'stabilizing',
  rateLimited: 'rate-limited',
  clampedToMax: 'clamped-to-max',
  clampedToMin: 'clamped-to-min',
  missingMetrics: 'missing-metrics',
  deploymentInProgress: 'deployment-in-progress',
  protectedTasks: 'protected-tasks',
  managedElsewhere: 'managed-elsewhere',
  scaleFromZero: 'scale-from-zero',
  scaleToZero: 'scale-to-zero',
  optedOut: 'opted-out',
  invalidTags: 'invalid-tags',
  scalingDisabled: 'scaling-disabled',
} as const;

/** A reason a {@link ScaleDecision} carries. */
export type ScaleReason = (typeof ScaleReason)[keyof typeof ScaleReason];

/** One datapoint read back from CloudWatch: epoch milliseconds and a value. */
export type TimedValue = { timestamp: number; value: number };

/** What the handler knows about one ECS service when it decides. */
export type ScaleServiceSnapshot = {
  clusterName: string;
  serviceName: string;
  /** The service's desiredCount: HPA's "current replicas". */
  desiredCount: number;
  /** RUNNING tasks: HPA's "ready pods". */
  runningCount: number;
  tags?: Readonly<Record<string, string>>;
};

/** How one metric of the rule contributed to the decision. */
export type MetricDetail = {
  /** The metric's `name`, or its kind when unnamed. */
  name: string;
  targetType: 'Utilization' | 'Value' | 'AverageValue';
  target: number;
  /** The value read, or undefined when the metric was missing. */
  value: number | undefined;
  /** Task count this metric alone asks for, or undefined when it could not propose. */
  proposal: number | undefined;
  /** Why there is no proposal: no fresh datapoint, or no RUNNING task to divide by. */
  missing?: 'no-datapoint' | 'no-ready-tasks';
};

/** The decision for one service. `desiredCount === currentCount` means "do not call UpdateService". */
export type ScaleDecision = {
  clusterName: string;
  serviceName: string;
  currentCount: number;
  desiredCount: number;
  reason: ScaleReason;
  metrics: MetricDetail[];
  /**
   * The raw recommendation (before stabilization, clamping and rate limits) to publish so the
   * next tick can stabilize; undefined when this tick made none (missing metrics, left alone).
   */
  recommendation: number | undefined;
  /** Free-form explanations (tag errors, which limit applied), for the report only. */
  notes: string[];
};
