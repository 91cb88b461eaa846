import { describe, expect, it } from 'vitest';
import type { CalculatorTask } from '../../../../shared/scale/policy/calculator-types.ts';
import { groupTasks } from '../../../../shared/scale/policy/group-tasks.ts';

// Kubernetes' TestGroupPods (kubernetes/kubernetes pkg/controller/podautoscaler/
// replica_calculator_test.go at 5f3bc7cdab9b2544f0389b9a83c88fa15b793b7a), with its test
// periods: CPU initialization 2 minutes, readiness delay 10 s. The three cases that need the time
// a pod's readiness last changed are not here: ECS does not report it (see docs/scale.md).
const readiness = { cpuStartupPeriodSeconds: 120, readinessDelaySeconds: 10 };

type Case = {
  name: string;
  tasks: CalculatorTask[];
  resource: 'cpu' | 'memory';
  expected: { ready: number[]; unready: number[]; missing: number[] };
};

const cases: Case[] = [
  { name: 'void', tasks: [], resource: 'cpu', expected: { ready: [], unready: [], missing: [] } },
  {
    name: 'count in a ready pod - memory',
    tasks: [{ usage: 1, ready: true, startedSecondsAgo: 0 }],
    resource: 'memory',
    expected: { ready: [0], unready: [], missing: [] },
  },
  {
    name: 'ignore a pod without ready condition - CPU',
    tasks: [{ usage: 1, ready: false, startedSecondsAgo: 0 }],
    resource: 'cpu',
    expected: { ready: [], unready: [0], missing: [] },
  },
  {
    name: 'ignore a ready pod without fresh metrics during initialization period - CPU',
    tasks: [{ usage: 1, ready: true, startedSecondsAgo: 60 }],
    resource: 'cpu',
    expected: { ready: [], unready: [0], missing: [] },
  },
  {
    name: 'ignore an unready pod during initialization period - CPU',
    tasks: [{ usage: 1, ready: false, startedSecondsAgo: 600 }],
    resource: 'cpu',
    expected: { ready: [], unready: [0], missing: [] },
  },
  {
    name: 'count in a ready pod without fresh metrics after initialization period - CPU',
    tasks: [{ usage: 1, ready: true, startedSecondsAgo: 180 }],
    resource: 'cpu',
    expected: { ready: [0], unready: [], missing: [] },
  },
  {
    name: 'a missing pod',
    tasks: [{ usage: null, ready: true, startedSecondsAgo: 180 }],
    resource: 'cpu',
    expected: { ready: [], unready: [], missing: [0] },
  },
  {
    name: 'several pods',
    tasks: [
      { usage: 1, ready: false, startedSecondsAgo: 0 },
      { usage: 1, ready: true, startedSecondsAgo: 180 },
      { usage: null, ready: false, startedSecondsAgo: 180 },
    ],
    resource: 'cpu',
    expected: { ready: [1], unready: [0], missing: [2] },
  },
  {
    name: 'pending pods are ignored',
    tasks: [{ usage: null, ready: false }],
    resource: 'cpu',
    expected: { ready: [], unready: [0], missing: [] },
  },
];

describe('groupTasks', () => {
  it.each(cases)('$name', ({ tasks, resource, expected }) => {
    expect(groupTasks(tasks, resource, readiness)).toEqual(expected);
  });

  it('sets a task that has not started aside for every metric, before looking at its sample', () => {
    const tasks = [{ usage: 5, ready: false }];
    expect(groupTasks(tasks, undefined, readiness).unready).toEqual([0]);
  });
});
