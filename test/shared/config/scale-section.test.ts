import { describe, expect, it } from 'vitest';
import {
  scaleSectionSchema,
  scaleServiceRuleSchema,
} from '../../../shared/config/scale-section.ts';
import { applyScaleTags } from '../../../shared/scale/policy/scale-tags.ts';

const minimalRule = {
  match: { service: 'web-*' },
  max: 10,
  metrics: [{ kind: 'cpu', targetPercent: 60 }],
};

describe('scaleSectionSchema', () => {
  it.each([
    { name: 'missing', input: undefined },
    { name: 'empty', input: {} },
  ])('selects nothing when the section is $name', ({ input }) => {
    // Act
    const config = scaleSectionSchema.parse(input);
    // Assess
    expect(config).toEqual({
      dryRun: false,
      services: [],
      maxServicesChangedPerRun: 50,
      evaluationIntervalSeconds: 60,
      recommendationNamespace: 'ECSAutopilot',
    });
  });

  it('fills HPA defaults for tolerance and behavior', () => {
    // Act
    const rule = scaleServiceRuleSchema.parse(minimalRule);
    // Assess
    expect(rule).toMatchObject({
      match: { cluster: '*', service: 'web-*' },
      min: 1,
      tolerance: { up: 0.1, down: 0.1 },
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Percent', value: 100, periodSeconds: 60 },
            { type: 'Tasks', value: 4, periodSeconds: 60 },
          ],
        },
        scaleDown: {
          stabilizationWindowSeconds: 300,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 100, periodSeconds: 60 }],
        },
      },
    });
  });

  it('keeps default policies when only a window is overridden', () => {
    // Act
    const rule = scaleServiceRuleSchema.parse({
      ...minimalRule,
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
    });
    // Assess
    expect(rule.behavior.scaleDown.policies).toHaveLength(1);
    expect(rule.behavior.scaleDown.stabilizationWindowSeconds).toBe(60);
  });

  it.each([
    { name: 'min above max', patch: { min: 11 }, path: 'min' },
    { name: 'max above the ECS quota', patch: { max: 5001 }, path: 'max' },
    { name: 'no metric', patch: { metrics: [] }, path: 'metrics' },
    {
      name: 'an unknown metric kind',
      patch: { metrics: [{ kind: 'gpu' }] },
      path: 'metrics.0.kind',
    },
    { name: 'an unknown key', patch: { minimum: 1 }, path: '' },
    { name: 'a negative tolerance', patch: { tolerance: { up: -0.1 } }, path: 'tolerance.up' },
    {
      name: 'an unknown selectPolicy',
      patch: { behavior: { scaleUp: { selectPolicy: 'Avg' } } },
      path: 'behavior.scaleUp.selectPolicy',
    },
    {
      name: 'scale to zero with only cpu',
      patch: { scaleToZero: { activationThreshold: 0 } },
      path: 'scaleToZero',
    },
    {
      name: 'scale to zero naming an unknown metric',
      patch: {
        scaleToZero: { activationThreshold: 0, metric: 'nope' },
        metrics: [{ kind: 'sqs-backlog', name: 'jobs', queueName: 'q', targetPerTask: 5 }],
      },
      path: 'scaleToZero.metric',
    },
    {
      name: 'ALB total requests without the load balancer',
      patch: {
        metrics: [
          { kind: 'alb-requests', mode: 'total', targetGroup: 'targetgroup/a/1', targetPerTask: 9 },
        ],
      },
      path: 'metrics.0.loadBalancer',
    },
    {
      name: 'a custom metric with both a metric and an expression',
      patch: {
        metrics: [
          {
            kind: 'custom',
            metric: { namespace: 'N', metricName: 'M' },
            expression: 'a',
            queries: { a: { namespace: 'N', metricName: 'M' } },
            targetType: 'Value',
            target: 1,
          },
        ],
      },
      path: 'metrics.0',
    },
    {
      name: 'an expression query id GetMetricData would refuse',
      patch: {
        metrics: [
          {
            kind: 'custom',
            expression: 'A1',
            queries: { A1: { namespace: 'N', metricName: 'M' } },
            targetType: 'Value',
            target: 1,
          },
        ],
      },
      path: 'metrics.0.queries.A1',
    },
  ])('rejects $name', ({ patch, path }) => {
    // Act
    const result = scaleServiceRuleSchema.safeParse({ ...minimalRule, ...patch });
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('rejects publishing recommendations into an AWS namespace', () => {
    // Act
    const result = scaleSectionSchema.safeParse({ recommendationNamespace: 'AWS/ECS' });
    // Assess
    expect(result.success).toBe(false);
  });
});

describe('applyScaleTags', () => {
  const rule = scaleServiceRuleSchema.parse({ ...minimalRule, min: 2 });

  it.each<{ name: string; tags: Record<string, string>; expected: Record<string, unknown> }>([
    { name: 'no tag', tags: {}, expected: { status: 'applied', min: 2, max: 10 } },
    {
      name: 'min and max',
      tags: { 'ecs-autopilot:scale-min': '3', 'ecs-autopilot:scale-max': ' 7 ' },
      expected: { status: 'applied', min: 3, max: 7 },
    },
    {
      name: 'scale=on',
      tags: { 'ecs-autopilot:scale': 'on' },
      expected: { status: 'applied', min: 2, max: 10 },
    },
    {
      name: 'scale=off',
      tags: { 'ecs-autopilot:scale': 'off' },
      expected: { status: 'opted-out' },
    },
    {
      name: 'scale=Disabled',
      tags: { 'ecs-autopilot:scale': 'Disabled' },
      expected: { status: 'opted-out' },
    },
  ])('applies $name', ({ tags, expected }) => {
    // Act
    const override = applyScaleTags(rule, tags);
    // Assess
    if (override.status === 'applied') {
      expect({ status: override.status, min: override.rule.min, max: override.rule.max }).toEqual(
        expected,
      );
    } else {
      expect(override).toEqual(expected);
    }
  });

  it.each<{ name: string; tags: Record<string, string> }>([
    { name: 'an empty count', tags: { 'ecs-autopilot:scale-max': '' } },
    { name: 'an exponent', tags: { 'ecs-autopilot:scale-max': '1e3' } },
    { name: 'a hex count', tags: { 'ecs-autopilot:scale-min': '0x10' } },
    { name: 'a negative count', tags: { 'ecs-autopilot:scale-min': '-1' } },
    { name: 'zero', tags: { 'ecs-autopilot:scale-max': '0' } },
    { name: 'above the ECS quota', tags: { 'ecs-autopilot:scale-max': '99999' } },
    { name: 'a fraction', tags: { 'ecs-autopilot:scale-max': '2.5' } },
    { name: 'min above the rule max', tags: { 'ecs-autopilot:scale-min': '11' } },
    { name: 'an unknown switch', tags: { 'ecs-autopilot:scale': 'maybe' } },
  ])('refuses $name', ({ tags }) => {
    // Act
    const override = applyScaleTags(rule, tags);
    // Assess
    expect(override.status).toBe('invalid');
  });
});
