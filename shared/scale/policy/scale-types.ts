import type { CalculatorError, CalculatorReason, TaskGroups } from './calculator-types.ts';

/** Every outcome of a scaling decision, as a stable kebab-case reason. */
export const ScaleReason = {
  withinTolerance: 'within-tolerance',
  tasksRebalanced: 'tasks-rebalanced',
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

/** One task of a service's PRIMARY deployment, as DescribeTasks reports it. */
export type ServiceTask = {
  taskId: string;
  /** The deployment that started it (ECS sets a service task's `startedBy` to its ID). */
  deploymentId?: string | undefined;
  /** RUNNING (false: PROVISIONING, PENDING or ACTIVATING). */
  running: boolean;
  /** The task's health: from its essential containers' health checks (UNKNOWN without any). */
  health: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  /** Epoch milliseconds it reached RUNNING. */
  startedAt?: number | undefined;
  /** Task-level CPU units and MiB of memory, when the task definition sets them. */
  cpu?: number | undefined;
  memory?: number | undefined;
};

/** What the handler knows about one ECS service when it decides. */
export type ScaleServiceSnapshot = {
  clusterName: string;
  serviceName: string;
  /** The service's desiredCount: HPA's "current replicas". */
  desiredCount: number;
  /** RUNNING tasks of every deployment (during a rollout, old and new). */
  runningCount: number;
  /**
   * RUNNING tasks of the PRIMARY deployment, the one desiredCount governs: HPA's ready pods
   * when the tasks themselves were not read. Equals `runningCount` outside a rollout.
   */
  primaryRunningCount?: number;
  tags?: Readonly<Record<string, string>>;
  /** The PRIMARY deployment's tasks, when the tick read them (the services it would change). */
  tasks?: readonly ServiceTask[];
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
  /** Why there is no proposal: no fresh datapoint, or what the calculator could not do. */
  missing?: 'no-datapoint' | CalculatorError;
  /** Why the calculator proposed its count (Kubernetes' replica calculator rules). */
  calculation?: CalculatorReason;
  /** How the calculator counted the tasks: ready, set aside, reporting nothing. */
  tasks?: TaskGroups;
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
