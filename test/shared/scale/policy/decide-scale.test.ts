import { describe, expect, it } from 'vitest';
import { scaleServiceRuleSchema } from '../../../../shared/config/scale-section.ts';
import {
  applyTaskProtection,
  isScaleInPlanned,
} from '../../../../shared/scale/policy/apply-task-protection.ts';
import {
  type DecideScaleInput,
  decideScale,
} from '../../../../shared/scale/policy/decide-scale.ts';

const now = Date.parse('2025-01-01T12:00:00Z');
const ago = (seconds: number) => now - seconds * 1000;

const cpuRule = scaleServiceRuleSchema.parse({
  match: { service: 'web' },
  min: 2,
  max: 20,
  metrics: [{ kind: 'cpu', targetPercent: 50 }],
});
const queueRule = scaleServiceRuleSchema.parse({
  match: { service: 'worker' },
  min: 1,
  max: 50,
  scaleToZero: { activationThreshold: 0 },
  metrics: [{ kind: 'sqs-backlog', queueName: 'jobs', targetPerTask: 10 }],
});

function input(
  overrides: Partial<DecideScaleInput> & { desired?: number; running?: number },
): DecideScaleInput {
  const { desired = 4, running, ...rest } = overrides;
  return {
    service: {
      clusterName: 'prod',
      serviceName: 'web',
      desiredCount: desired,
      runningCount: running ?? desired,
    },
    config: cpuRule,
    metrics: [50],
    recommendationsHistory: [],
    deploymentInProgress: false,
    managedElsewhere: false,
    now,
    ...rest,
  };
}

describe('decideScale', () => {
  it.each([
    {
      name: 'keeps the count within tolerance',
      over: { metrics: [54] },
      desired: 4,
      reason: 'within-tolerance',
    },
    { name: 'scales out on high cpu', over: { metrics: [75] }, desired: 6, reason: 'scale-out' },
    {
      name: 'scales in on low cpu with no history',
      over: { metrics: [25] },
      desired: 2,
      reason: 'scale-in',
    },
    {
      name: 'holds a scale-in while the window remembers a higher recommendation',
      over: { metrics: [25], recommendationsHistory: [{ timestamp: ago(120), value: 4 }] },
      desired: 4,
      reason: 'stabilizing',
    },
    {
      name: 'scales in to the highest recommendation of the window',
      over: {
        metrics: [25],
        recommendationsHistory: [
          { timestamp: ago(120), value: 3 },
          { timestamp: ago(240), value: 2 },
        ],
      },
      desired: 3,
      reason: 'stabilizing',
    },
    {
      name: 'ignores recommendations older than the window',
      over: { metrics: [25], recommendationsHistory: [{ timestamp: ago(300), value: 9 }] },
      desired: 2,
      reason: 'scale-in',
    },
    {
      name: 'clamps to max',
      over: { desired: 16, metrics: [100] },
      desired: 20,
      reason: 'clamped-to-max',
    },
    {
      name: 'clamps to min',
      over: { desired: 3, metrics: [10] },
      desired: 2,
      reason: 'clamped-to-min',
    },
    {
      name: 'rate-limits a scale-out to the larger of +100% and +4',
      over: { desired: 2, metrics: [400] },
      desired: 6,
      reason: 'rate-limited',
    },
    {
      name: 'rescales a service above max without metrics',
      over: { desired: 30, metrics: [undefined] },
      desired: 20,
      reason: 'clamped-to-max',
    },
    {
      name: 'rescales a service below min without metrics',
      over: { desired: 1, metrics: [undefined] },
      desired: 2,
      reason: 'clamped-to-min',
    },
    {
      name: 'changes nothing when the only metric is missing',
      over: { metrics: [undefined] },
      desired: 4,
      reason: 'missing-metrics',
    },
    {
      name: 'never scales in during a deployment',
      over: { metrics: [10], deploymentInProgress: true },
      desired: 4,
      reason: 'deployment-in-progress',
    },
    {
      name: 'still scales out during a deployment',
      over: { metrics: [75], deploymentInProgress: true },
      desired: 6,
      reason: 'scale-out',
    },
    {
      name: 'never plans below protected tasks',
      over: { metrics: [10], protectedTasks: 3 },
      desired: 3,
      reason: 'protected-tasks',
    },
    {
      name: 'ignores protection when scaling out',
      over: { metrics: [75], protectedTasks: 9 },
      desired: 6,
      reason: 'scale-out',
    },
    {
      name: 'leaves a service managed by Application Auto Scaling alone',
      over: { metrics: [90], managedElsewhere: true },
      desired: 4,
      reason: 'managed-elsewhere',
    },
    {
      name: 'leaves a service at zero alone when the rule cannot scale to zero',
      over: { desired: 0, metrics: [undefined] },
      desired: 0,
      reason: 'scaling-disabled',
    },
  ])('$name', ({ over, desired, reason }) => {
    // Act
    const decision = decideScale(input(over));
    // Assess
    expect({ desired: decision.desiredCount, reason: decision.reason }).toEqual({
      desired,
      reason,
    });
  });

  it.each([
    {
      name: 'opts out with scale=off',
      tags: { 'ecs-autopilot:scale': ' OFF ' },
      desired: 4,
      reason: 'opted-out',
    },
    {
      name: 'applies a lower scale-max tag',
      tags: { 'ecs-autopilot:scale-max': '5' },
      desired: 5,
      reason: 'clamped-to-max',
    },
    {
      name: 'refuses a hostile scale-max tag',
      tags: { 'ecs-autopilot:scale-max': '1e9' },
      desired: 4,
      reason: 'invalid-tags',
    },
    {
      name: 'refuses min above max in tags',
      tags: { 'ecs-autopilot:scale-min': '9', 'ecs-autopilot:scale-max': '5' },
      desired: 4,
      reason: 'invalid-tags',
    },
  ] as {
    name: string;
    tags: Record<string, string>;
    desired: number;
    reason: string;
  }[])('$name', ({ tags, desired, reason }) => {
    // Prepare
    const base = input({ metrics: [100] });
    // Act
    const decision = decideScale({ ...base, service: { ...base.service, tags } });
    // Assess
    expect({ desired: decision.desiredCount, reason: decision.reason }).toEqual({
      desired,
      reason,
    });
  });

  it('lets the largest metric proposal win', () => {
    // Prepare
    const config = scaleServiceRuleSchema.parse({
      ...cpuRule,
      metrics: [
        { kind: 'cpu', targetPercent: 50 },
        { kind: 'memory', targetPercent: 50 },
      ],
    });
    // Act
    const decision = decideScale(input({ config, metrics: [25, 60] }));
    // Assess: cpu asks for 2, memory for 5.
    expect(decision).toMatchObject({ desiredCount: 5, reason: 'scale-out', recommendation: 5 });
    expect(decision.metrics.map((m) => m.proposal)).toEqual([2, 5]);
  });

  it.each([
    {
      name: 'scales out on the metrics it has',
      metrics: [90, undefined],
      desired: 8,
      reason: 'scale-out',
    },
    {
      name: 'never scales in while another metric is missing',
      metrics: [10, undefined],
      desired: 4,
      reason: 'missing-metrics',
    },
  ])('with one metric missing $name', ({ metrics, desired, reason }) => {
    // Prepare
    const config = scaleServiceRuleSchema.parse({
      ...cpuRule,
      metrics: [
        { kind: 'cpu', targetPercent: 50 },
        { kind: 'memory', targetPercent: 50 },
      ],
    });
    // Act
    const decision = decideScale(input({ config, metrics }));
    // Assess
    expect({ desired: decision.desiredCount, reason: decision.reason }).toEqual({
      desired,
      reason,
    });
    expect(decision.metrics[1]).toMatchObject({ proposal: undefined, missing: 'no-datapoint' });
  });

  it('publishes the raw recommendation, not the stabilized count', () => {
    // Act
    const decision = decideScale(
      input({ metrics: [25], recommendationsHistory: [{ timestamp: ago(60), value: 4 }] }),
    );
    // Assess
    expect(decision).toMatchObject({ desiredCount: 4, recommendation: 2, reason: 'stabilizing' });
  });

  it('applies scale-up stabilization with the lowest recommendation of its window', () => {
    // Prepare
    const config = scaleServiceRuleSchema.parse({
      ...cpuRule,
      behavior: { scaleUp: { stabilizationWindowSeconds: 180 } },
    });
    // Act
    const decision = decideScale(
      input({ config, metrics: [100], recommendationsHistory: [{ timestamp: ago(60), value: 5 }] }),
    );
    // Assess
    expect(decision).toMatchObject({ desiredCount: 5, recommendation: 8, reason: 'stabilizing' });
  });

  it.each([
    {
      name: 'counts a scale-out made within the period',
      history: [
        [ago(200), 4],
        [ago(100), 8],
      ],
      current: 8,
      desired: 8,
    },
    {
      name: 'allows a new scale-out once the period has passed',
      history: [
        [ago(400), 4],
        [ago(300), 8],
      ] as [number, number][],
      current: 8,
      desired: 16,
    },
  ])('rate policy over a long period $name', ({ history, current, desired }) => {
    // Prepare: +100% per 5 minutes only.
    const config = scaleServiceRuleSchema.parse({
      ...cpuRule,
      max: 50,
      behavior: { scaleUp: { policies: [{ type: 'Percent', value: 100, periodSeconds: 300 }] } },
    });
    const desiredHistory = history.map(([timestamp = 0, value = 0]) => ({ timestamp, value }));
    // Act
    const decision = decideScale(
      input({ config, desired: current, metrics: [100], desiredHistory }),
    );
    // Assess: cpu 100% of 50% asks for 16; 8 grew from 4 within the last 300 s.
    expect(decision.desiredCount).toBe(desired);
  });

  it.each([
    {
      name: 'Min picks the smaller change',
      selectPolicy: 'Min',
      desired: 4,
      reason: 'rate-limited',
    },
    {
      name: 'Max picks the larger change',
      selectPolicy: 'Max',
      desired: 2,
      reason: 'clamped-to-min',
    },
    {
      name: 'Disabled forbids scale-in',
      selectPolicy: 'Disabled',
      desired: 8,
      reason: 'rate-limited',
    },
  ])('scale-down selectPolicy $name', ({ selectPolicy, desired, reason }) => {
    // Prepare
    const config = scaleServiceRuleSchema.parse({
      ...cpuRule,
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 0,
          selectPolicy,
          policies: [
            { type: 'Tasks', value: 4, periodSeconds: 60 },
            { type: 'Percent', value: 90, periodSeconds: 60 },
          ],
        },
      },
    });
    // Act
    const decision = decideScale(input({ config, desired: 8, metrics: [5] }));
    // Assess
    expect({ desired: decision.desiredCount, reason: decision.reason }).toEqual({
      desired,
      reason,
    });
  });
});

describe('decideScale with scale to zero', () => {
  const worker = (
    desired: number,
    backlog: number | undefined,
    history: readonly (readonly [number, number])[] = [],
  ) =>
    input({
      config: queueRule,
      desired,
      running: desired,
      metrics: [backlog],
      recommendationsHistory: history.map(([timestamp, value]) => ({ timestamp, value })),
    });

  it.each([
    {
      name: 'starts from zero when the backlog crosses the threshold',
      args: [0, 95],
      desired: 4,
      reason: 'scale-from-zero',
    },
    {
      name: 'starts at least one task for a tiny backlog',
      args: [0, 1],
      desired: 1,
      reason: 'scale-from-zero',
    },
    {
      name: 'stays at zero while the queue is empty',
      args: [0, 0],
      desired: 0,
      reason: 'scale-to-zero',
    },
    {
      name: 'stays at zero when the backlog is unknown',
      args: [0, undefined],
      desired: 0,
      reason: 'missing-metrics',
    },
    {
      name: 'scales to zero after a window of zeros',
      args: [2, 0, [[ago(120), 0]]],
      desired: 0,
      reason: 'scale-to-zero',
    },
    {
      name: 'waits for the window before scaling to zero',
      args: [2, 0, [[ago(120), 2]]],
      desired: 2,
      reason: 'stabilizing',
    },
    {
      name: 'does not scale to zero when the backlog is unknown',
      args: [2, undefined],
      desired: 2,
      reason: 'missing-metrics',
    },
  ] as const)('$name', ({ args, desired, reason }) => {
    // Act
    const decision = decideScale(worker(args[0], args[1], args[2] ?? []));
    // Assess
    expect({ desired: decision.desiredCount, reason: decision.reason }).toEqual({
      desired,
      reason,
    });
  });

  it('keeps protected tasks when scaling to zero', () => {
    // Act
    const decision = decideScale({ ...worker(3, 0), protectedTasks: 1 });
    // Assess
    expect(decision).toMatchObject({ desiredCount: 1, reason: 'protected-tasks' });
  });
});

describe('applyTaskProtection', () => {
  it('raises a scale-in planned before protection was known', () => {
    // Prepare
    const planned = decideScale(input({ desired: 10, metrics: [10] }));
    // Act
    const protectedDecision = applyTaskProtection(planned, 6);
    // Assess
    expect(isScaleInPlanned(planned)).toBe(true);
    expect(planned.desiredCount).toBe(2);
    expect(protectedDecision).toMatchObject({ desiredCount: 6, reason: 'protected-tasks' });
  });

  it.each([
    { name: 'a scale-out', metrics: [90], protectedCount: 20 },
    { name: 'a scale-in above the protected count', metrics: [10], protectedCount: 2 },
  ])('leaves $name unchanged', ({ metrics, protectedCount }) => {
    // Prepare
    const planned = decideScale(input({ desired: 10, metrics }));
    // Act / Assess
    expect(applyTaskProtection(planned, protectedCount)).toEqual(planned);
  });
});
