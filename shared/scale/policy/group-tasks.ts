import {
  type CalculatorTask,
  type ReadinessSettings,
  TASK_SAMPLE_WINDOW_SECONDS,
} from './calculator-types.ts';

/** Task indexes by group; Kubernetes' `groupPods` returns the same three sets. */
export type GroupedTasks = {
  /** Tasks whose sample counts as is (Kubernetes' `readyPodCount`). */
  ready: number[];
  /** Tasks set aside: Pending pods, and for CPU unready pods (Kubernetes' `unreadyPods`). */
  unready: number[];
  /** Started tasks without a sample (Kubernetes' `missingPods`). */
  missing: number[];
};

/**
 * Groups tasks the way Kubernetes' replica calculator groups pods (`groupPods` in
 * kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go), in its order:
 *
 * 1. A task not started yet (no `startedSecondsAgo` and not ready: PROVISIONING, PENDING or
 *    ACTIVATING in ECS) is set aside for every metric, as a Pending pod is.
 * 2. A started task without a sample is missing, whatever its readiness.
 * 3. For CPU only, a task is set aside when it is not ready, or when it is still in its CPU
 *    start-up period and its sample may cover time before it was ready. Kubernetes compares the
 *    sample's window with the moment the pod turned ready; ECS does not report when a task turned
 *    healthy, so the earliest moment it can count as ready is taken: its start plus the readiness
 *    delay. After the start-up period Kubernetes still counts a pod that was ready once and is
 *    unready now; ECS gives no readiness history (and replaces an UNHEALTHY service task), so an
 *    unready task is always set aside.
 *
 * A stopping task (Kubernetes' deleted or failed pod) must not be in `tasks` at all.
 *
 * @returns the index of every task in exactly one group.
 * @throws never.
 */
export function groupTasks(
  tasks: readonly CalculatorTask[],
  resource: 'cpu' | 'memory' | undefined,
  readiness: ReadinessSettings,
): GroupedTasks {
  const groups: GroupedTasks = { ready: [], unready: [], missing: [] };
  tasks.forEach((task, index) => {
    if (task.startedSecondsAgo === undefined && !task.ready) groups.unready.push(index);
    else if (task.usage === null || task.usage === undefined) groups.missing.push(index);
    else if (resource === 'cpu' && isCpuUnready(task, readiness)) groups.unready.push(index);
    else groups.ready.push(index);
  });
  return groups;
}

function isCpuUnready(task: CalculatorTask, readiness: ReadinessSettings): boolean {
  if (!task.ready) return true;
  const started = task.startedSecondsAgo ?? Number.POSITIVE_INFINITY;
  if (started >= readiness.cpuStartupPeriodSeconds) return false;
  return started < readiness.readinessDelaySeconds + TASK_SAMPLE_WINDOW_SECONDS;
}
