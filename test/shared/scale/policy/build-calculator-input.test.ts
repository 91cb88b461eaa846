import { describe, expect, it } from 'vitest';
import { scaleServiceRuleSchema } from '../../../../shared/config/scale-section.ts';
import {
  buildCalculatorInput,
  isTaskReady,
} from '../../../../shared/scale/policy/build-calculator-input.ts';
import { describeMetricTarget } from '../../../../shared/scale/policy/describe-metric-target.ts';
import type { ServiceTask } from '../../../../shared/scale/policy/scale-types.ts';

const now = Date.UTC(2026, 0, 1);
const rule = scaleServiceRuleSchema.parse({
  match: { service: 'web' },
  max: 10,
  metrics: [
    { kind: 'cpu', targetPercent: 50 },
    { kind: 'sqs-backlog', queueName: 'jobs', targetPerTask: 10 },
  ],
});
const [cpu, backlog] = rule.metrics;
const service = {
  clusterName: 'prod',
  serviceName: 'web',
  desiredCount: 4,
  runningCount: 8,
  primaryRunningCount: 3,
};
const task = (extra: Partial<ServiceTask>): ServiceTask => ({
  taskId: 't',
  running: true,
  health: 'UNKNOWN',
  startedAt: now - 600_000,
  cpu: 256,
  memory: 512,
  ...extra,
});

describe('buildCalculatorInput', () => {
  it('counts the PRIMARY deployment’s running tasks and the ones still to start, not the old deployment’s', () => {
    // Act
    const input = buildCalculatorInput({
      metric: cpu as never,
      target: describeMetricTarget(cpu as never),
      value: 80,
      service,
      rule,
      now,
    });
    // Assess: 3 running with the service average, 1 starting (4 desired), none of the 5 old.
    expect(input.tasks).toEqual([
      { usage: 80, request: 100, ready: true },
      { usage: 80, request: 100, ready: true },
      { usage: 80, request: 100, ready: true },
      { usage: null, request: 100, ready: false },
    ]);
    expect(input).toMatchObject({ targetType: 'Utilization', resource: 'cpu', value: undefined });
  });

  it('passes an aggregate metric as the value and the tasks for their readiness only', () => {
    // Act
    const input = buildCalculatorInput({
      metric: backlog as never,
      target: describeMetricTarget(backlog as never),
      value: 95,
      service,
      rule,
      now,
    });
    // Assess
    expect(input).toMatchObject({ targetType: 'AverageValue', value: 95, resource: undefined });
  });

  it('uses each task’s own sample and size when the tick read them per task', () => {
    // Act
    const input = buildCalculatorInput({
      metric: cpu as never,
      target: describeMetricTarget(cpu as never),
      value: 80,
      service: { ...service, tasks: [task({ taskId: 'a' }), task({ taskId: 'b' })] },
      rule,
      samples: { a: 200 },
      now,
    });
    // Assess: b reported nothing.
    expect(input.tasks).toEqual([
      { usage: 200, request: 256, ready: true, startedSecondsAgo: 600 },
      { usage: null, request: 256, ready: true, startedSecondsAgo: 600 },
    ]);
  });
});

describe('isTaskReady', () => {
  const readiness = { cpuStartupPeriodSeconds: 300, readinessDelaySeconds: 30 };
  it.each([
    {
      name: 'HEALTHY just started',
      extra: { health: 'HEALTHY' as const },
      started: 5,
      ready: true,
    },
    { name: 'UNKNOWN within the readiness delay', extra: {}, started: 29, ready: false },
    { name: 'UNKNOWN after the readiness delay', extra: {}, started: 30, ready: true },
    { name: 'UNHEALTHY', extra: { health: 'UNHEALTHY' as const }, started: 900, ready: false },
    { name: 'not RUNNING yet', extra: { running: false }, started: undefined, ready: false },
  ])('$name: $ready', ({ extra, started, ready }) => {
    expect(isTaskReady(task(extra), readiness, started)).toBe(ready);
  });
});
