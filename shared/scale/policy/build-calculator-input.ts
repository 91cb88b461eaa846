import type { ScaleMetricConfig, ScaleServiceRule } from '../../config/scale-section.ts';
import type {
  CalculatorTask,
  ReadinessSettings,
  ReplicaCalculatorInput,
} from './calculator-types.ts';
import type { MetricTarget } from './describe-metric-target.ts';
import type { ScaleServiceSnapshot, ServiceTask } from './scale-types.ts';

/** Per-task samples of one metric: task ID → value, `null` for a task that reported nothing. */
export type TaskSamples = Readonly<Record<string, number | null>>;

/** What one metric's calculation is built from. */
export type CalculatorSource = {
  metric: ScaleMetricConfig;
  target: MetricTarget;
  /** The metric's aggregate value (a defined, finite number). */
  value: number;
  service: ScaleServiceSnapshot;
  rule: Pick<ScaleServiceRule, 'tolerance' | 'readiness'>;
  /** The metric's per-task samples, when the tick read them. */
  samples?: TaskSamples | undefined;
  /** Epoch milliseconds. */
  now: number;
};

// A request every task shares, for a service-level percentage: usage 57 of 100 is 57 %.
const PERCENT_REQUEST = 100;

/**
 * Builds the replica calculator's input for one metric of one service.
 *
 * Tasks: the PRIMARY deployment's tasks when the tick read them, else as many ready tasks as the
 * PRIMARY deployment runs plus the ones still to start (desired − running) as starting. During a
 * rollout the old deployment's tasks are on their way out (ECS stops them once the new ones are
 * healthy), like the pods of a Deployment's old ReplicaSet, so they are not counted: counting
 * them doubled a scale-out during a 200 % rollout.
 *
 * Samples: a task's own sample when the metric was read per task (a task without one reported
 * nothing); otherwise the service's average, which CloudWatch computes over the tasks that
 * reported, stands for every RUNNING task (AWS/ECS CPUUtilization does not say how many tasks
 * it covers: its SampleCount counts collection points, not tasks).
 *
 * @returns the calculator input; readiness (health, start time) as {@link isTaskReady} decides.
 * @throws never.
 */
export function buildCalculatorInput(source: CalculatorSource): ReplicaCalculatorInput {
  const { metric, target, value, service, rule } = source;
  const resource = metric.kind === 'cpu' || metric.kind === 'memory' ? metric.kind : undefined;
  const perTask = target.targetType === 'Utilization';
  const tasks = service.tasks
    ? service.tasks.map((task) => fromTask(task, { ...source, resource }))
    : synthesizeTasks(service, perTask ? value : undefined);
  return {
    currentCount: service.desiredCount,
    targetType: target.targetType,
    target: target.target,
    resource,
    tolerance: rule.tolerance,
    tasks,
    value: perTask ? undefined : value,
    readiness: rule.readiness,
  };
}

/**
 * A task counts as ready when it is RUNNING and healthy: HEALTHY, or UNKNOWN (no health check,
 * or one not judged yet) once the readiness delay has passed since it started. UNHEALTHY never.
 * ECS documents the task health status in the HealthCheck data type:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
 */
export function isTaskReady(
  task: ServiceTask,
  readiness: ReadinessSettings,
  startedSecondsAgo: number | undefined,
): boolean {
  if (!task.running || startedSecondsAgo === undefined) return false;
  if (task.health === 'HEALTHY') return true;
  return task.health === 'UNKNOWN' && startedSecondsAgo >= readiness.readinessDelaySeconds;
}

function fromTask(
  task: ServiceTask,
  source: CalculatorSource & { resource: 'cpu' | 'memory' | undefined },
): CalculatorTask {
  const startedSecondsAgo =
    task.running && task.startedAt !== undefined
      ? Math.max(0, (source.now - task.startedAt) / 1000)
      : undefined;
  const ready = isTaskReady(task, source.rule.readiness, startedSecondsAgo);
  const own = source.samples;
  if (own === undefined) {
    // The service's average stands for each RUNNING task; a starting one has no sample.
    const usage = task.running ? source.value : null;
    return { usage, request: PERCENT_REQUEST, ready, startedSecondsAgo };
  }
  const request = source.resource === 'memory' ? task.memory : task.cpu;
  return { usage: own[task.taskId] ?? null, request, ready, startedSecondsAgo };
}

function synthesizeTasks(service: ScaleServiceSnapshot, usage: number | undefined) {
  const running = service.primaryRunningCount ?? service.runningCount;
  const starting = Math.max(0, service.desiredCount - running);
  const runningTask: CalculatorTask = { usage, request: PERCENT_REQUEST, ready: true };
  const startingTask: CalculatorTask = { usage: null, request: PERCENT_REQUEST, ready: false };
  return [
    ...Array.from({ length: running }, () => runningTask),
    ...Array.from({ length: starting }, () => startingTask),
  ];
}
