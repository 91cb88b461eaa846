import { describe, expect, it } from 'vitest';
import { parseCalculateInput } from '../../../../cli/commands/calculate-input.ts';
import { calculateReplicas } from '../../../../shared/scale/policy/calculate-replicas.ts';
import {
  type CalculatorTask,
  DEFAULT_READINESS,
  type ReplicaCalculatorInput,
} from '../../../../shared/scale/policy/calculator-types.ts';
import { kubernetesCases } from './kubernetes-replica-cases.ts';

const tolerance = { up: 0.1, down: 0.1 };
const base = { tolerance, readiness: DEFAULT_READINESS };

/** `count` warm, ready tasks with the same CPU sample (percent of a 100-unit request). */
function warm(count: number, usage: number | null): CalculatorTask[] {
  return Array.from({ length: count }, () => ({
    usage,
    request: 100,
    ready: true,
    startedSecondsAgo: 3600,
  }));
}

function cpuAt(currentCount: number, target: number, tasks: CalculatorTask[]) {
  const input: ReplicaCalculatorInput = {
    ...base,
    currentCount,
    targetType: 'Utilization',
    target,
    resource: 'cpu',
    tasks,
  };
  return calculateReplicas(input);
}

describe('calculateReplicas', () => {
  describe("Kubernetes' replica_calculator_test.go", () => {
    it.each(kubernetesCases)('$name', ({ input, expected }) => {
      // Prepare
      const parsed = parseCalculateInput(input);
      if ('problems' in parsed) throw new Error(parsed.problems.join('; '));
      // Act
      const result = calculateReplicas(parsed);
      // Assess
      if ('error' in expected) {
        expect(result).toMatchObject({ status: 'failed', error: expected.error });
      } else {
        expect(result).toMatchObject({ status: 'calculated', ...expected });
      }
    });
  });

  describe('tasks that report nothing (the issue’s cases)', () => {
    it('holds 4 tasks when two of four report nothing and the two that do are idle', () => {
      // Two tasks at 10 % against 50 %: alone they ask for 1 task; with the silent two filled in
      // at 100 % the service is at 55 %, within 10 % of the 50 % target, so 4 stay.
      const result = cpuAt(4, 50, [...warm(2, 10), ...warm(2, null)]);
      expect(result).toMatchObject({
        desiredCount: 4,
        reason: 'rebalanced-within-tolerance',
        usage: 10,
      });
      expect(result).toMatchObject({ groups: { ready: 2, missing: 2, unready: 0 } });
    });

    it('keeps 2 tasks where one hot task alone would ask for 4', () => {
      // 190 % of a 100 % target on the one reporting task; the silent one counts at 0 on a
      // scale-out: (190 + 0) / 200 = 95 % reverses the direction, so the count stays.
      const result = cpuAt(2, 100, [...warm(1, 190), ...warm(1, null)]);
      expect(result).toMatchObject({ desiredCount: 2, reason: 'rebalanced-within-tolerance' });
    });

    it('keeps 4 tasks when 2 running at 20,000 and 2 starting face a 15,000 target', () => {
      const tasks = [
        { usage: 20_000, ready: true, startedSecondsAgo: 600 },
        { usage: 20_000, ready: true, startedSecondsAgo: 600 },
        { usage: null, ready: false },
        { usage: null, ready: false },
      ];
      const result = calculateReplicas({
        ...base,
        currentCount: 4,
        targetType: 'AverageValue',
        target: 15_000,
        tasks,
      });
      expect(result).toMatchObject({ desiredCount: 4, reason: 'rebalance-reversed' });
    });
  });

  describe('the scaler’s own guards', () => {
    it('fills a missing task at the target when the target is above 100 %', () => {
      // 60 % against 150 %: filled at 100 % the service is at (60 + 200) / 300 = 86 % → 2 tasks;
      // filled at 150 % it is at (60 + 300) / 300 = 120 % → 3 tasks stay.
      const tasks = [...warm(1, 60), ...warm(2, null)];
      expect(cpuAt(3, 150, tasks)).toMatchObject({ desiredCount: 3 });
    });

    it('never scales in on missing per-task samples when the average is exactly on target', () => {
      const tasks = [
        { usage: 10, ready: true, startedSecondsAgo: 600 },
        { usage: 10, ready: true, startedSecondsAgo: 600 },
        { usage: null, ready: true, startedSecondsAgo: 600 },
      ];
      const result = calculateReplicas({
        ...base,
        currentCount: 3,
        targetType: 'AverageValue',
        target: 10,
        tasks,
      });
      expect(result).toMatchObject({ desiredCount: 3 });
    });

    it('refuses to multiply a Value by zero ready tasks', () => {
      const result = calculateReplicas({
        ...base,
        currentCount: 3,
        targetType: 'Value',
        target: 10,
        value: 50,
        tasks: [{ ready: false, startedSecondsAgo: 5 }],
      });
      expect(result).toMatchObject({ status: 'failed', error: 'no-ready-tasks' });
    });
  });

  describe('CPU readiness with the default periods (5 min start-up, 30 s delay)', () => {
    it.each([
      { started: 80, counted: false, why: 'its minute of samples reaches back before 30 s' },
      { started: 90, counted: true, why: 'ready and warm for one full sample window' },
      { started: 299, counted: true, why: 'still in the start-up period but ready and warm' },
    ])('a ready task started $started s ago is counted: $counted ($why)', ({
      started,
      counted,
    }) => {
      const tasks = [
        ...warm(1, 80),
        { usage: 400, request: 100, ready: true, startedSecondsAgo: started },
      ];
      const result = cpuAt(2, 50, tasks);
      // Counted: (80 + 400) / 200 = 240 % → 10 tasks; set aside: 80 % rebalanced with 0 → 2.
      expect(result).toMatchObject({ desiredCount: counted ? 10 : 2 });
    });

    it('counts an unready task for memory, as Kubernetes sets aside unready pods for CPU only', () => {
      const tasks = [
        ...warm(1, 80),
        { usage: 80, request: 100, ready: false, startedSecondsAgo: 5 },
      ];
      const result = calculateReplicas({
        ...base,
        currentCount: 2,
        targetType: 'Utilization',
        target: 40,
        resource: 'memory',
        tasks,
      });
      expect(result).toMatchObject({ desiredCount: 4, groups: { ready: 2, unready: 0 } });
    });
  });

  describe('arithmetic at the edges', () => {
    it.each([
      {
        name: 'truncates 59.9 % to 59 % before the ratio',
        usage: 59.9,
        target: 20,
        current: 1,
        expected: 3,
      },
      {
        name: 'keeps 110 % of target (upper edge, inclusive)',
        usage: 55,
        target: 50,
        current: 4,
        expected: 4,
      },
      {
        name: 'scales out just past the upper edge',
        usage: 56,
        target: 50,
        current: 4,
        expected: 5,
      },
      {
        name: 'keeps 90 % of target (lower edge, inclusive)',
        usage: 45,
        target: 50,
        current: 10,
        expected: 10,
      },
      {
        name: 'scales in just past the lower edge',
        usage: 44,
        target: 50,
        current: 10,
        expected: 9,
      },
      {
        name: 'truncation moves 110.9 % back inside tolerance',
        usage: 110.9,
        target: 100,
        current: 10,
        expected: 10,
      },
    ])('$name', ({ usage, target, current, expected }) => {
      expect(cpuAt(current, target, warm(current, usage))).toMatchObject({
        status: 'calculated',
        desiredCount: expected,
      });
    });

    it('does not truncate a Value target', () => {
      const result = calculateReplicas({
        ...base,
        currentCount: 100,
        targetType: 'Value',
        target: 50,
        value: 100.9,
        tasks: warm(100, null),
      });
      expect(result).toMatchObject({ desiredCount: 202 });
    });

    it.each([
      { name: 'asymmetric up tolerance keeps 130 %', up: 0.3, down: 0.1, usage: 65, expected: 4 },
      { name: 'asymmetric down tolerance keeps 60 %', up: 0.1, down: 0.4, usage: 30, expected: 4 },
      { name: 'zero tolerance scales on any change', up: 0, down: 0, usage: 51, expected: 5 },
    ])('$name', ({ up, down, usage, expected }) => {
      const result = calculateReplicas({
        ...base,
        tolerance: { up, down },
        currentCount: 4,
        targetType: 'Utilization',
        target: 50,
        tasks: warm(4, usage),
      });
      expect(result).toMatchObject({ desiredCount: expected });
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
      const result = calculateReplicas({
        ...base,
        currentCount: 0,
        targetType,
        target,
        value,
        tasks: [],
      });
      expect(result).toMatchObject({ status: 'calculated', desiredCount: expected });
    });

    it('fails without any task for a per-task target', () => {
      expect(cpuAt(3, 50, [])).toMatchObject({ status: 'failed', error: 'no-tasks' });
    });
  });
});
