/**
 * Every case of Kubernetes' replica calculator tests that ECS can express, as the JSON input of
 * `npx ecs-autopilot calculate` and Kubernetes' expected answer. The calculator unit test and
 * the CLI process test both run this table.
 *
 * Source: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator_test.go at commit
 * 5f3bc7cdab9b2544f0389b9a83c88fa15b793b7a (test functions TestReplicaCalc*), read through the
 * project's code search. Mapping:
 * - a pod is a task; `currentReplicas` is `currentCount`; its two containers' requests and
 *   levels are summed per task, which leaves every ratio as it is, so one value per task is used;
 * - CPU levels and requests stay in milli-units (as CPU units: only their ratio matters); custom
 *   metric levels are milli-values, divided by 1000 here (`qps` 20000m is 20), so an expected
 *   utilization of 20666 is a usage of 20.666;
 * - the tests' calculator runs with a 2-minute CPU initialization period and a 10 s readiness
 *   delay, so every input sets `cpuStartupPeriodSeconds: 120, readinessDelaySeconds: 10`;
 * - a pod with the default (zero) start time started long ago (`startedSecondsAgo` a day); a
 *   "cool" pod 3 minutes ago (180 s); a "hot" pod 1 minute ago with a sample taken before it was
 *   ready (60 s: the sample window reaches back before start + readiness delay);
 * - an unready pod is `ready: false`; a Pending pod has no `startedSecondsAgo`; a failed or
 *   deleted pod is a stopping task, which the scaler leaves out of `tasks`;
 * - a metric for a pod that does not exist belongs to a stopped task: it is not in the input.
 * Kubernetes' object and external Value metrics are both `Value`; its object and external
 * per-pod metrics are `AverageValue` with `value`; its Pods metrics `AverageValue` with usages.
 */

/** The calculator's answer Kubernetes expects: a count and usage, or an error. */
export type KubernetesExpectation =
  | { desiredCount: number; usage: number }
  | { error: 'no-tasks' | 'no-usage' | 'missing-request' | 'no-ready-tasks' };

export type KubernetesCase = {
  /** The Go test function it ports. */
  name: string;
  input: Record<string, unknown>;
  expected: KubernetesExpectation;
};

const day = 86_400;
const cool = 180;
const hot = 60;
const readiness = { cpuStartupPeriodSeconds: 120, readinessDelaySeconds: 10 };

type TaskOptions = { ready?: boolean; started?: number | undefined; request?: number };

/** A started task with a CPU sample (milli-units) and a 1000m request by default. */
function cpu(usage: number | null, options: TaskOptions = {}) {
  return {
    usage,
    request: options.request ?? 1000,
    ready: options.ready ?? true,
    startedSecondsAgo: 'started' in options ? options.started : day,
  };
}

/** A Pending pod: not started, not ready, no sample. */
function pending() {
  return { usage: null, request: 1000, ready: false };
}

/** A task with a custom per-task sample (Kubernetes milli-value / 1000). */
function qps(milli: number, options: TaskOptions = {}) {
  return {
    usage: milli / 1000,
    ready: options.ready ?? true,
    startedSecondsAgo: options.started ?? day,
  };
}

/** `count` started tasks with a readiness each, for Value and per-pod targets. */
function ready(...flags: boolean[]) {
  return flags.map((flag) => ({ ready: flag, startedSecondsAgo: day }));
}

const utilization = (currentCount: number, target: number, tasks: unknown[]) => ({
  currentCount,
  target: { type: 'Utilization', value: target },
  resource: 'cpu',
  tasks,
  ...readiness,
});
const perPod = (currentCount: number, target: number, tasks: unknown[]) => ({
  currentCount,
  target: { type: 'AverageValue', value: target / 1000 },
  tasks,
  ...readiness,
});
const value = (currentCount: number, target: number, level: number, tasks: unknown[]) => ({
  currentCount,
  target: { type: 'Value', value: target / 1000 },
  value: level / 1000,
  tasks: tasks.length > 0 ? tasks : ready(...Array.from({ length: currentCount }, () => true)),
  ...readiness,
});
const total = (currentCount: number, perTask: number, level: number) => ({
  currentCount,
  target: { type: 'AverageValue', value: perTask / 1000 },
  value: level / 1000,
  tasks: ready(...Array.from({ length: currentCount }, () => true)),
  ...readiness,
});

const threeAt = (a: number, b: number, c: number, options: TaskOptions[] = []) =>
  [a, b, c].map((level, i) => cpu(level, options[i]));
const fiveDown = (options: TaskOptions[] = []) =>
  [100, 300, 500, 250, 250].map((level, i) => cpu(level, options[i]));

/** Kubernetes' TestReplicaCalcComputedToleranceAlgImplementation, both of its runs. */
function computedTolerance(targetPercent: number, expected: number): KubernetesCase {
  const offsets = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0];
  return {
    name: `TestReplicaCalcComputedToleranceAlgImplementation (target ${targetPercent} %)`,
    input: utilization(
      10,
      targetPercent,
      offsets.map((offset) => cpu(150, { request: 300 + offset })),
    ),
    expected: { desiredCount: expected, usage: 50 },
  };
}

export const kubernetesCases: KubernetesCase[] = [
  {
    name: 'TestReplicaCalcDisjointResourcesMetrics',
    input: utilization(1, 100, [cpu(null)]),
    expected: { error: 'no-usage' },
  },
  {
    name: 'TestReplicaCalcScaleUp',
    input: utilization(3, 30, threeAt(300, 500, 700)),
    expected: { desiredCount: 5, usage: 50 },
  },
  {
    name: 'TestReplicaCalcScaleUpUnreadyLessScale',
    input: utilization(3, 30, threeAt(300, 500, 700, [{ ready: false }])),
    expected: { desiredCount: 4, usage: 60 },
  },
  {
    name: 'TestReplicaCalcScaleUpHotCpuLessScale',
    input: utilization(
      3,
      30,
      threeAt(300, 500, 700, [{ started: hot }, { started: cool }, { started: cool }]),
    ),
    expected: { desiredCount: 4, usage: 60 },
  },
  {
    name: 'TestReplicaCalcScaleUpUnreadyNoScale',
    input: utilization(3, 30, threeAt(400, 500, 700, [{}, { ready: false }, { ready: false }])),
    expected: { desiredCount: 3, usage: 40 },
  },
  {
    name: 'TestReplicaCalcScaleHotCpuNoScale',
    input: utilization(
      3,
      30,
      threeAt(400, 500, 700, [
        { started: cool },
        { ready: false, started: hot },
        { ready: false, started: hot },
      ]),
    ),
    expected: { desiredCount: 3, usage: 40 },
  },
  {
    name: 'TestReplicaCalcScaleUpIgnoresFailedPods',
    input: utilization(2, 30, [cpu(500), cpu(700)]),
    expected: { desiredCount: 4, usage: 60 },
  },
  {
    name: 'TestReplicaCalcScaleUpIgnoresDeletionPods',
    input: utilization(2, 30, [cpu(500), cpu(700)]),
    expected: { desiredCount: 4, usage: 60 },
  },
  {
    name: 'TestReplicaCalcScaleUpCM',
    input: perPod(3, 15000, [qps(20000), qps(10000), qps(30000)]),
    expected: { desiredCount: 4, usage: 20 },
  },
  {
    name: 'TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale',
    input: perPod(3, 15000, [
      qps(50000, { started: cool }),
      qps(10000, { started: cool }),
      qps(30000, { ready: false, started: hot }),
    ]),
    expected: { desiredCount: 6, usage: 30 },
  },
  {
    name: 'TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown',
    input: perPod(3, 15000, [
      qps(50000, { ready: false, started: hot }),
      qps(15000, { started: cool }),
      qps(30000, { ready: false, started: hot }),
    ]),
    expected: { desiredCount: 7, usage: 31.666 },
  },
  {
    name: 'TestReplicaCalcScaleUpCMObject',
    input: value(3, 15000, 20000, []),
    expected: { desiredCount: 4, usage: 20 },
  },
  {
    name: 'TestReplicaCalcScaleUpCMPerPodObject',
    input: total(3, 5000, 20000),
    expected: { desiredCount: 4, usage: 6.667 },
  },
  {
    name: 'TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods',
    input: value(3, 10000, 50000, ready(false, true, false)),
    expected: { desiredCount: 5, usage: 50 },
  },
  {
    name: 'TestReplicaCalcScaleUpCMExternal',
    input: perPod(1, 4400, [qps(8600)]),
    expected: { desiredCount: 2, usage: 8.6 },
  },
  {
    name: 'TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods',
    input: value(3, 4400, 8600, ready(false, true, false)),
    expected: { desiredCount: 2, usage: 8.6 },
  },
  {
    name: 'TestReplicaCalcScaleUpCMExternalNoLabels',
    input: perPod(1, 4400, [qps(8600)]),
    expected: { desiredCount: 2, usage: 8.6 },
  },
  {
    name: 'TestReplicaCalcScaleUpPerPodCMExternal',
    input: total(3, 2150, 8600),
    expected: { desiredCount: 4, usage: 2.867 },
  },
  {
    name: 'TestReplicaCalcScaleDown',
    input: utilization(5, 50, fiveDown()),
    expected: { desiredCount: 3, usage: 28 },
  },
  {
    name: 'TestReplicaCalcScaleDownCM',
    input: perPod(
      5,
      20000,
      Array.from({ length: 5 }, () => qps(12000)),
    ),
    expected: { desiredCount: 3, usage: 12 },
  },
  {
    name: 'TestReplicaCalcScaleDownPerPodCMObject',
    input: total(5, 2000, 6000),
    expected: { desiredCount: 3, usage: 1.2 },
  },
  {
    name: 'TestReplicaCalcScaleDownCMObject',
    input: value(5, 20000, 12000, []),
    expected: { desiredCount: 3, usage: 12 },
  },
  {
    name: 'TestReplicaCalcScaleDownCMExternal',
    input: value(5, 14334, 8600, []),
    expected: { desiredCount: 3, usage: 8.6 },
  },
  {
    name: 'TestReplicaCalcScaleDownPerPodCMExternal',
    input: total(5, 2867, 8600),
    expected: { desiredCount: 3, usage: 1.72 },
  },
  {
    name: 'TestReplicaCalcScaleDownIncludeUnreadyPods',
    input: utilization(5, 50, fiveDown([{}, {}, {}, { ready: false }, { ready: false }])),
    expected: { desiredCount: 2, usage: 30 },
  },
  {
    name: 'TestReplicaCalcScaleDownExcludeUnscheduledPods',
    input: utilization(5, 50, [cpu(100), pending(), pending(), pending(), pending()]),
    expected: { desiredCount: 1, usage: 10 },
  },
  {
    name: 'TestReplicaCalcScaleDownIgnoreHotCpuPods',
    input: utilization(
      5,
      50,
      fiveDown([
        { started: cool },
        { started: cool },
        { started: cool },
        { started: hot },
        { started: hot },
      ]),
    ),
    expected: { desiredCount: 2, usage: 30 },
  },
  {
    name: 'TestReplicaCalcScaleDownIgnoresFailedPods',
    input: utilization(5, 50, fiveDown()),
    expected: { desiredCount: 3, usage: 28 },
  },
  {
    name: 'TestReplicaCalcScaleDownIgnoresDeletionPods',
    input: utilization(5, 50, fiveDown()),
    expected: { desiredCount: 3, usage: 28 },
  },
  {
    name: 'TestReplicaCalcTolerance',
    input: utilization(3, 100, [
      cpu(1010, { request: 900 }),
      cpu(1030, { request: 1000 }),
      cpu(1020, { request: 1100 }),
    ]),
    expected: { desiredCount: 3, usage: 102 },
  },
  {
    name: 'TestReplicaCalcToleranceCM',
    input: perPod(3, 20000, [qps(20000), qps(21000), qps(21000)]),
    expected: { desiredCount: 3, usage: 20.666 },
  },
  {
    name: 'TestReplicaCalcToleranceCMObject',
    input: value(3, 20000, 20666, []),
    expected: { desiredCount: 3, usage: 20.666 },
  },
  {
    name: 'TestReplicaCalcTolerancePerPodCMObject',
    input: total(4, 5000, 20166),
    expected: { desiredCount: 4, usage: 5.042 },
  },
  {
    name: 'TestReplicaCalcToleranceCMExternal',
    input: value(3, 8888, 8600, []),
    expected: { desiredCount: 3, usage: 8.6 },
  },
  {
    name: 'TestReplicaCalcTolerancePerPodCMExternal',
    input: total(3, 2900, 8600),
    expected: { desiredCount: 3, usage: 2.867 },
  },
  {
    name: 'TestReplicaCalcSuperfluousMetrics',
    input: utilization(4, 100, [cpu(4000), cpu(9500), cpu(3000), cpu(7000)]),
    expected: { desiredCount: 24, usage: 587 },
  },
  {
    name: 'TestReplicaCalcMissingMetrics',
    input: utilization(4, 100, [cpu(400), cpu(95), cpu(null), cpu(null)]),
    expected: { desiredCount: 3, usage: 24 },
  },
  {
    name: 'TestReplicaCalcEmptyMetrics',
    input: utilization(4, 100, [cpu(null), cpu(null), cpu(null), cpu(null)]),
    expected: { error: 'no-usage' },
  },
  {
    name: 'TestReplicaCalcEmptyCPURequest',
    input: utilization(1, 100, [{ usage: 200, ready: true, startedSecondsAgo: day }]),
    expected: { error: 'missing-request' },
  },
  {
    name: 'TestReplicaCalcMissingMetricsNoChangeEq',
    input: utilization(2, 100, [cpu(1000), cpu(null)]),
    expected: { desiredCount: 2, usage: 100 },
  },
  {
    name: 'TestReplicaCalcMissingMetricsNoChangeGt',
    input: utilization(2, 100, [cpu(1900), cpu(null)]),
    expected: { desiredCount: 2, usage: 190 },
  },
  {
    name: 'TestReplicaCalcMissingMetricsNoChangeLt',
    input: utilization(2, 100, [cpu(600), cpu(null)]),
    expected: { desiredCount: 2, usage: 60 },
  },
  {
    name: 'TestReplicaCalcMissingMetricsUnreadyChange',
    input: utilization(3, 50, [cpu(100, { ready: false }), cpu(450), cpu(null)]),
    expected: { desiredCount: 3, usage: 45 },
  },
  {
    name: 'TestReplicaCalcMissingMetricsHotCpuNoChange',
    input: utilization(3, 50, [
      cpu(100, { started: hot }),
      cpu(450, { started: cool }),
      cpu(null, { started: cool }),
    ]),
    expected: { desiredCount: 3, usage: 45 },
  },
  {
    name: 'TestReplicaCalcMissingMetricsUnreadyScaleUp',
    input: utilization(3, 50, [cpu(100, { ready: false }), cpu(2000), cpu(null)]),
    expected: { desiredCount: 4, usage: 200 },
  },
  {
    name: 'TestReplicaCalcMissingMetricsHotCpuScaleUp',
    input: utilization(3, 50, [
      cpu(100, { ready: false, started: hot }),
      cpu(2000, { started: cool }),
      cpu(null, { started: cool }),
    ]),
    expected: { desiredCount: 4, usage: 200 },
  },
  {
    name: 'TestReplicaCalcMissingMetricsUnreadyScaleDown',
    input: utilization(4, 50, [cpu(100, { ready: false }), cpu(100), cpu(100), cpu(null)]),
    expected: { desiredCount: 3, usage: 10 },
  },
  computedTolerance(56, 9),
  computedTolerance(55, 10),
];
