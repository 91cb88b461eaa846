import { describe, expect, it } from 'vitest';
import {
  applyScaleInProtection,
  guardScalePlan,
  listChangesToRead,
  type ProtectionReading,
  type ScalePlanItem,
} from '../../../../shared/scale/policy/plan-scale.ts';
import type { ScaleDecision } from '../../../../shared/scale/policy/scale-types.ts';

function item(serviceName: string, currentCount: number, desiredCount: number): ScalePlanItem {
  const decision: ScaleDecision = {
    clusterName: 'prod',
    serviceName,
    currentCount,
    desiredCount,
    reason: desiredCount > currentCount ? 'scale-out' : 'scale-in',
    metrics: [],
    recommendation: desiredCount,
    notes: [],
  };
  return { serviceArn: `arn/${serviceName}`, decision, guard: 'allowed' };
}

describe('listChangesToRead', () => {
  it('reads the tasks of the services whose count would change, and of no other', () => {
    // Act
    const wanted = listChangesToRead([item('a', 4, 1), item('b', 2, 4), item('c', 3, 3)]);
    // Assess
    expect(wanted.map((d) => d.serviceName)).toEqual(['a', 'b']);
  });

  it('reads no task for a scale-out driven by totals only, but does for a scale-in', () => {
    // Prepare: a queue backlog (AverageValue) asks for more, or fewer, tasks.
    const backlog = {
      name: 'jobs',
      targetType: 'AverageValue' as const,
      target: 10,
      value: 95,
      proposal: 10,
    };
    const out = item('queue-out', 2, 10);
    const inn = item('queue-in', 10, 2);
    out.decision.metrics = [backlog];
    inn.decision.metrics = [backlog];
    // Act
    const wanted = listChangesToRead([out, inn]);
    // Assess
    expect(wanted.map((d) => d.serviceName)).toEqual(['queue-in']);
  });
});

describe('applyScaleInProtection', () => {
  it.each<[string, ProtectionReading, number, string]>([
    ['two protected tasks', { protectedTasks: 2 }, 2, 'protected-tasks'],
    ['no protected task', { protectedTasks: 0 }, 1, 'scale-in'],
    ['protection unread', { unread: 'AccessDeniedException' }, 4, 'protected-tasks'],
    [
      'protection not asked for (a scale-out tick)',
      { protectedTasks: undefined },
      4,
      'protected-tasks',
    ],
  ])('with %s, a scale-in from 4 to 1 keeps what protection requires', (_label, reading, count, reason) => {
    // Act
    const [protectedItem] = applyScaleInProtection(
      [item('a', 4, 1)],
      new Map([['prod/a', reading]]),
    );
    // Assess
    expect(protectedItem?.decision).toMatchObject({ desiredCount: count, reason });
  });

  it('leaves scale-outs alone whatever protection says', () => {
    // Act
    const [scaleOut] = applyScaleInProtection(
      [item('b', 2, 4)],
      new Map([['prod/b', { protectedTasks: 4 }]]),
    );
    // Assess
    expect(scaleOut?.decision).toMatchObject({ desiredCount: 4, reason: 'scale-out' });
  });
});

describe('guardScalePlan', () => {
  it('holds back the scale-ins beyond the cap, the first by cluster/service going through', () => {
    // Act
    const plan = guardScalePlan(
      [item('c', 4, 2), item('a', 4, 2), item('out', 2, 4), item('b', 3, 1), item('same', 3, 3)],
      2,
    );
    // Assess
    expect(plan).toMatchObject({ heldBack: 1, changes: 4 });
    expect(plan.items.map((i) => [i.decision.serviceName, i.guard])).toEqual([
      ['c', 'held-back'],
      ['a', 'allowed'],
      ['out', 'allowed'],
      ['b', 'allowed'],
      ['same', 'allowed'],
    ]);
  });

  it('never holds back a scale-out, however many services scale out', () => {
    // Act
    const outs = Array.from({ length: 60 }, (_, i) => item(`svc-${i}`, 2, 4));
    const plan = guardScalePlan(outs, 50);
    // Assess
    expect(plan).toMatchObject({ heldBack: 0, changes: 60 });
    expect(plan.items.every((i) => i.guard === 'allowed')).toBe(true);
  });
});
