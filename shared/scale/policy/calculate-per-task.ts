import {
  type CalculatorReason,
  type CalculatorTask,
  ceilExact,
  isWithinTolerance,
  type ReplicaCalculation,
  type ReplicaCalculatorInput,
  truncExact,
  truncMilli,
} from './calculator-types.ts';
import { groupTasks } from './group-tasks.ts';

type Sample = { usage: number; request: number };

/** The count the arithmetic gives, with its direction as the reason. */
export function reasonFor(desiredCount: number, currentCount: number): CalculatorReason {
  if (desiredCount > currentCount) return 'scale-out';
  if (desiredCount < currentCount) return 'scale-in';
  return 'rounds-to-current';
}

/**
 * Calculates from per-task samples: Kubernetes' `GetResourceReplicas` for a Utilization target
 * (usage ÷ request of the counted tasks, truncated to a whole percent) and its
 * `calcPlainMetricReplicas` for a per-task AverageValue target (the counted tasks' average,
 * truncated to milli-units), in kubernetes/kubernetes pkg/controller/podautoscaler/
 * replica_calculator.go (read at commit 00067268967ec95a40035bd666374a1caf48dd1a):
 *
 * - Without missing tasks, and without set-aside tasks on a scale-up: within tolerance keeps the
 *   count, otherwise `ceil(ratio × counted tasks)`.
 * - Otherwise the missing tasks are filled in (on a scale-down at 100 % of their request, or the
 *   target; on a scale-up at 0), on a scale-up the set-aside tasks at 0, the ratio is recomputed,
 *   and the current count stays when the new ratio is within tolerance or the direction flips.
 *
 * Two guards are the scaler's own, both on the side of keeping the count: a missing task on a
 * scale-down is filled at 100 % or the target, whichever is higher (so a target above 100 %
 * never lets silence deepen a scale-in), and a ratio of exactly 1 fills nothing for per-task
 * metrics too (Kubernetes fills them at 0 there, which can scale in a service at its target).
 *
 * @returns the proposal, or `failed` where Kubernetes returns an error.
 * @throws never.
 */
export function calculatePerTask(input: ReplicaCalculatorInput): ReplicaCalculation {
  const { tasks, currentCount, target, tolerance } = input;
  const isUtilization = input.targetType === 'Utilization';
  if (tasks.length === 0) {
    return failed('no-tasks', 'no task is RUNNING or starting, so there is nothing to average');
  }
  const withoutRequest = tasks.findIndex((task) => !(Number(task.request) > 0));
  if (isUtilization && withoutRequest >= 0) {
    return failed(
      'missing-request',
      `tasks[${withoutRequest}] has no request: a Utilization target needs each task's reserved units`,
    );
  }
  const grouped = groupTasks(tasks, input.resource, input.readiness);
  const groups = {
    ready: grouped.ready.length,
    unready: grouped.unready.length,
    missing: grouped.missing.length,
  };
  const sampleOf = (index: number, usage?: number): Sample => {
    const task = tasks[index] as CalculatorTask;
    return {
      usage: usage ?? Number(task.usage),
      request: isUtilization ? Number(task.request) : 1,
    };
  };
  const counted = grouped.ready.map((index) => sampleOf(index));
  if (counted.length === 0) {
    return failed('no-usage', 'no ready task reported a value (tasks may be starting or unready)');
  }
  const measure = (samples: readonly Sample[]) => {
    const usage = sum(samples, 'usage');
    const value = isUtilization
      ? truncExact((usage * 100) / sum(samples, 'request'))
      : truncMilli(usage / samples.length);
    return { value, ratio: value / target };
  };
  const first = measure(counted);
  const answer = (desiredCount: number, reason: CalculatorReason): ReplicaCalculation => ({
    status: 'calculated',
    desiredCount,
    usage: first.value,
    usageRatio: first.ratio,
    reason,
    groups,
  });

  const rebalanceUnready = groups.unready > 0 && first.ratio > 1;
  if (!rebalanceUnready && groups.missing === 0) {
    if (isWithinTolerance(first.ratio, tolerance)) return answer(currentCount, 'within-tolerance');
    const desired = ceilExact(first.ratio * counted.length);
    return answer(desired, reasonFor(desired, currentCount));
  }

  const filled = [...counted];
  if (first.ratio < 1) {
    const fill = isUtilization ? Math.max(100, target) / 100 : target;
    for (const index of grouped.missing) {
      const sample = sampleOf(index, 0);
      filled.push({ ...sample, usage: isUtilization ? sample.request * fill : fill });
    }
  } else if (first.ratio > 1) {
    for (const index of grouped.missing) filled.push(sampleOf(index, 0));
  }
  if (rebalanceUnready) for (const index of grouped.unready) filled.push(sampleOf(index, 0));

  const next = measure(filled);
  const reversed = (first.ratio < 1 && next.ratio > 1) || (first.ratio > 1 && next.ratio < 1);
  if (isWithinTolerance(next.ratio, tolerance)) {
    return answer(currentCount, 'rebalanced-within-tolerance');
  }
  if (reversed) return answer(currentCount, 'rebalance-reversed');
  const desired = ceilExact(next.ratio * filled.length);
  if ((next.ratio < 1 && desired > currentCount) || (next.ratio > 1 && desired < currentCount)) {
    return answer(currentCount, 'rebalance-reversed');
  }
  return answer(desired, reasonFor(desired, currentCount));
}

function sum(samples: readonly Sample[], key: keyof Sample): number {
  return samples.reduce((total, sample) => total + sample[key], 0);
}

/** A calculation that cannot be made, with its kebab-case error and a sentence for people. */
export function failed(
  error: Extract<ReplicaCalculation, { status: 'failed' }>['error'],
  message: string,
): ReplicaCalculation {
  return { status: 'failed', error, message };
}
