import { describe, expect, it } from 'vitest';
import {
  calculateReplicas,
  type ReplicaCalculationInput,
} from '../../../../shared/scale/policy/calculate-replicas.ts';

const tolerance = { up: 0.1, down: 0.1 };

type Case = {
  name: string;
  targetType: ReplicaCalculationInput['targetType'];
  current: number;
  ready?: number;
  value: number;
  target: number;
  expected: number;
};

// Cases ported from kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator_test.go.
// Mapping: pods -> tasks, ready pods -> RUNNING tasks, currentReplicas -> desiredCount. A pod
// metric's value is the average of its levels (milli-units / 1000); a resource metric's value
// is the service average percent sum(levels) * 100 / sum(requests), as ECS's CPUUtilization is.
const kubernetesCases: Case[] = [
  // Resource (cpu) metrics -> Utilization.
  {
    name: 'TestReplicaCalcScaleUp',
    targetType: 'Utilization',
    current: 3,
    value: 50,
    target: 30,
    expected: 5,
  },
  {
    name: 'TestReplicaCalcScaleUpUnreadyLessScale',
    targetType: 'Utilization',
    current: 3,
    ready: 2,
    value: 60,
    target: 30,
    expected: 4,
  },
  {
    name: 'TestReplicaCalcScaleUpUnreadyNoScale',
    targetType: 'Utilization',
    current: 3,
    ready: 1,
    value: 40,
    target: 30,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcScaleUpIgnoresFailedPods',
    targetType: 'Utilization',
    current: 2,
    value: 60,
    target: 30,
    expected: 4,
  },
  {
    name: 'TestReplicaCalcScaleUpIgnoresDeletionPods',
    targetType: 'Utilization',
    current: 2,
    value: 60,
    target: 30,
    expected: 4,
  },
  {
    name: 'TestReplicaCalcScaleDown',
    targetType: 'Utilization',
    current: 5,
    value: 28,
    target: 50,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcScaleDownIncludeUnreadyPods',
    targetType: 'Utilization',
    current: 5,
    ready: 3,
    value: 30,
    target: 50,
    expected: 2,
  },
  {
    name: 'TestReplicaCalcScaleDownExcludeUnscheduledPods',
    targetType: 'Utilization',
    current: 5,
    ready: 1,
    value: 10,
    target: 50,
    expected: 1,
  },
  {
    name: 'TestReplicaCalcScaleDownIgnoresFailedPods',
    targetType: 'Utilization',
    current: 5,
    value: 28,
    target: 50,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcScaleDownIgnoresDeletionPods',
    targetType: 'Utilization',
    current: 5,
    value: 28,
    target: 50,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcTolerance',
    targetType: 'Utilization',
    current: 3,
    value: 102,
    target: 100,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcSuperfluousMetrics',
    targetType: 'Utilization',
    current: 4,
    value: 587.5,
    target: 100,
    expected: 24,
  },
  // Pods metrics (a per-task average) and Object metrics (one value) -> Value.
  {
    name: 'TestReplicaCalcScaleUpCM',
    targetType: 'Value',
    current: 3,
    value: 20,
    target: 15,
    expected: 4,
  },
  {
    name: 'TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale',
    targetType: 'Value',
    current: 3,
    value: 30,
    target: 15,
    expected: 6,
  },
  {
    name: 'TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown',
    targetType: 'Value',
    current: 3,
    value: 95 / 3,
    target: 15,
    expected: 7,
  },
  {
    name: 'TestReplicaCalcScaleUpCMObject',
    targetType: 'Value',
    current: 3,
    value: 20,
    target: 15,
    expected: 4,
  },
  {
    name: 'TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods',
    targetType: 'Value',
    current: 3,
    ready: 1,
    value: 50,
    target: 10,
    expected: 5,
  },
  {
    name: 'TestReplicaCalcScaleDownCM',
    targetType: 'Value',
    current: 5,
    value: 12,
    target: 20,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcScaleDownCMObject',
    targetType: 'Value',
    current: 5,
    value: 12,
    target: 20,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcToleranceCM',
    targetType: 'Value',
    current: 3,
    value: 20.666,
    target: 20,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcToleranceCMObject',
    targetType: 'Value',
    current: 3,
    value: 20.666,
    target: 20,
    expected: 3,
  },
  // External metrics (Value target) -> Value.
  {
    name: 'TestReplicaCalcScaleUpCMExternal',
    targetType: 'Value',
    current: 1,
    value: 8.6,
    target: 4.4,
    expected: 2,
  },
  {
    name: 'TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods',
    targetType: 'Value',
    current: 3,
    ready: 1,
    value: 8.6,
    target: 4.4,
    expected: 2,
  },
  {
    name: 'TestReplicaCalcScaleUpCMExternalNoLabels',
    targetType: 'Value',
    current: 1,
    value: 8.6,
    target: 4.4,
    expected: 2,
  },
  {
    name: 'TestReplicaCalcScaleDownCMExternal',
    targetType: 'Value',
    current: 5,
    value: 8.6,
    target: 14.334,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcToleranceCMExternal',
    targetType: 'Value',
    current: 3,
    value: 8.6,
    target: 8.888,
    expected: 3,
  },
  // External and Object metrics with a per-pod (AverageValue) target -> AverageValue.
  {
    name: 'TestReplicaCalcScaleUpPerPodCMExternal',
    targetType: 'AverageValue',
    current: 3,
    value: 8.6,
    target: 2.15,
    expected: 4,
  },
  {
    name: 'TestReplicaCalcScaleDownPerPodCMExternal',
    targetType: 'AverageValue',
    current: 5,
    value: 8.6,
    target: 2.867,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcTolerancePerPodCMExternal',
    targetType: 'AverageValue',
    current: 3,
    value: 8.6,
    target: 2.9,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcScaleUpCMPerPodObject',
    targetType: 'AverageValue',
    current: 3,
    value: 20,
    target: 5,
    expected: 4,
  },
  {
    name: 'TestReplicaCalcScaleDownPerPodCMObject',
    targetType: 'AverageValue',
    current: 5,
    value: 6,
    target: 2,
    expected: 3,
  },
  {
    name: 'TestReplicaCalcTolerancePerPodCMObject',
    targetType: 'AverageValue',
    current: 4,
    value: 20.166,
    target: 5,
    expected: 4,
  },
];

describe('calculateReplicas', () => {
  it.each(kubernetesCases)('matches Kubernetes $name ($targetType, $current tasks -> $expected)', ({
    targetType,
    current,
    ready,
    value,
    target,
    expected,
  }) => {
    // Prepare
    const input = {
      targetType,
      target,
      value,
      currentCount: current,
      readyCount: ready ?? current,
      tolerance,
    };
    // Act
    const proposal = calculateReplicas(input);
    // Assess
    expect(proposal).toMatchObject({ status: 'proposed', replicas: expected });
  });

  it('matches Kubernetes TestReplicaCalcComputedToleranceAlgImplementation at both edges', () => {
    // Prepare: 10 pods using 150m of 300m requested (50%); the target sits just past / inside the
    // tolerance band: int32((1/(2*0.9) + .01) * 100) = 56 and int32((1/(2*0.9) + .004) * 100) = 55.
    const base = {
      targetType: 'Utilization' as const,
      value: 50,
      currentCount: 10,
      readyCount: 10,
      tolerance,
    };
    // Act
    const scaled = calculateReplicas({ ...base, target: 56 });
    const kept = calculateReplicas({ ...base, target: 55 });
    // Assess: ceil(50/56 * 10) = 9; 50/55 = 0.909 stays within tolerance.
    expect(scaled).toMatchObject({ replicas: 9, withinTolerance: false });
    expect(kept).toMatchObject({ replicas: 10, withinTolerance: true });
  });

  it.each([
    {
      name: 'truncates 59.9% to 59% before the ratio',
      value: 59.9,
      target: 20,
      current: 1,
      expected: 3,
    },
    {
      name: 'does not truncate a Value target',
      value: 59.9,
      target: 20,
      current: 1,
      expected: 3,
      type: 'Value' as const,
    },
    {
      name: 'keeps 110% of target (upper edge, inclusive)',
      value: 55,
      target: 50,
      current: 4,
      expected: 4,
    },
    { name: 'scales out just past the upper edge', value: 56, target: 50, current: 4, expected: 5 },
    {
      name: 'keeps 90% of target (lower edge, inclusive)',
      value: 45,
      target: 50,
      current: 10,
      expected: 10,
    },
    { name: 'scales in just past the lower edge', value: 44, target: 50, current: 10, expected: 9 },
    {
      name: 'truncation moves 110.9% back inside tolerance',
      value: 110.9,
      target: 100,
      current: 10,
      expected: 10,
    },
  ])('$name', ({ value, target, current, expected, type }) => {
    // Act
    const proposal = calculateReplicas({
      targetType: type ?? 'Utilization',
      target,
      value,
      currentCount: current,
      readyCount: current,
      tolerance,
    });
    // Assess
    expect(proposal).toMatchObject({ status: 'proposed', replicas: expected });
  });

  it('truncation changes the count where Kubernetes truncates', () => {
    // Prepare: 100.9% of a 50% target with 100 tasks: truncated 100% -> 200, untruncated -> 202.
    const input = { value: 100.9, target: 50, currentCount: 100, readyCount: 100, tolerance };
    // Act / Assess
    expect(calculateReplicas({ ...input, targetType: 'Utilization' })).toMatchObject({
      replicas: 200,
    });
    expect(calculateReplicas({ ...input, targetType: 'Value' })).toMatchObject({ replicas: 202 });
  });

  it.each([
    { name: 'asymmetric up tolerance keeps 130%', up: 0.3, down: 0.1, value: 65, expected: 4 },
    { name: 'asymmetric down tolerance keeps 60%', up: 0.1, down: 0.4, value: 30, expected: 4 },
    { name: 'zero tolerance scales on any change', up: 0, down: 0, value: 51, expected: 5 },
  ])('$name', ({ up, down, value, expected }) => {
    // Act
    const proposal = calculateReplicas({
      targetType: 'Utilization',
      target: 50,
      value,
      currentCount: 4,
      readyCount: 4,
      tolerance: { up, down },
    });
    // Assess
    expect(proposal).toMatchObject({ replicas: expected });
  });

  it.each([
    {
      name: 'no datapoint',
      targetType: 'Utilization' as const,
      value: undefined,
      ready: 3,
      missing: 'no-datapoint',
    },
    {
      name: 'NaN datapoint',
      targetType: 'AverageValue' as const,
      value: Number.NaN,
      ready: 3,
      missing: 'no-datapoint',
    },
    {
      name: 'no RUNNING task (Utilization)',
      targetType: 'Utilization' as const,
      value: 90,
      ready: 0,
      missing: 'no-ready-tasks',
    },
    {
      name: 'no RUNNING task (Value)',
      targetType: 'Value' as const,
      value: 90,
      ready: 0,
      missing: 'no-ready-tasks',
    },
  ])('proposes nothing on $name', ({ targetType, value, ready, missing }) => {
    // Act
    const proposal = calculateReplicas({
      targetType,
      target: 50,
      value,
      currentCount: 3,
      readyCount: ready,
      tolerance,
    });
    // Assess
    expect(proposal).toEqual({ status: 'missing', missing });
  });

  it.each([
    { name: 'Value from zero', targetType: 'Value' as const, value: 25, target: 10, expected: 3 },
    {
      name: 'AverageValue from zero',
      targetType: 'AverageValue' as const,
      value: 95,
      target: 10,
      expected: 10,
    },
    {
      name: 'AverageValue of an empty queue',
      targetType: 'AverageValue' as const,
      value: 0,
      target: 10,
      expected: 0,
    },
  ])('proposes $expected for $name', ({ targetType, value, target, expected }) => {
    // Act
    const proposal = calculateReplicas({
      targetType,
      target,
      value,
      currentCount: 0,
      readyCount: 0,
      tolerance,
    });
    // Assess
    expect(proposal).toMatchObject({ status: 'proposed', replicas: expected });
  });
});
