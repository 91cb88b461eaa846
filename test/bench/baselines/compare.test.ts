import { describe, expect, it } from 'vitest';
import { buildComparisonSection } from '../../../bench/baselines/compare.ts';
import type { PruneOutcome } from '../../../bench/support/prune-outcome.ts';
import type { ScaleOutcome } from '../../../bench/support/scale-outcome.ts';

const prune = (overrides: Partial<PruneOutcome>): PruneOutcome => ({
  apiCalls: 100,
  throttled: 0,
  deregisterCalls: 10,
  deregistered: 10,
  deleted: 0,
  failedRevisions: 0,
  deregistrationsPerSecond: 0.5,
  wronglyTouched: [],
  duplicateDeregistrations: 0,
  simulatedSeconds: 20,
  wallSeconds: 1,
  invocations: 2,
  ...overrides,
});

const scale = (overrides: Partial<ScaleOutcome>): ScaleOutcome => ({
  byAction: {},
  apiCalls: 90,
  throttled: 0,
  updateServiceCalls: 25,
  updateServiceErrors: 0,
  servicesNotUpdated: 0,
  metricCalls: 3,
  simulatedSeconds: 3.5,
  wallMs: 3500,
  ...overrides,
});

describe('buildComparisonSection', () => {
  it('puts each baseline beside ours, named, with the reaction times of target tracking', () => {
    // Prepare
    const section = buildComparisonSection({
      prune: {
        ours: prune({}),
        baseline: prune({
          throttled: 30,
          wronglyTouched: [{ arn: 'arn:aws:ecs:r:1:task-definition/app:3', reason: 'task' }],
        }),
        baselineProtectedAttempted: 1,
      },
      scale: { ours: scale({}), baseline: scale({ apiCalls: 85, wallMs: 2000 }) },
      reaction: {
        factor: 120,
        ours: {
          scaleOut: { afterSeconds: 60, to: 8 },
          scaleIn: { afterSeconds: 300, to: 3 },
          changes: [],
        },
        targetTracking: {
          scaleOut: { afterSeconds: 180, to: 8 },
          scaleIn: undefined,
          changes: [],
        },
      },
      pruneFactor: 200,
    });

    // Assess
    const rows = section.comparison?.rows ?? [];
    const row = (label: string) => rows.find((r) => r[0] === label);
    expect(section.comparison?.columns).toEqual(['', 'ecs-autopilot', 'baseline', 'baseline is']);
    expect(row('prune: revisions wrongly touched')).toEqual([
      'prune: revisions wrongly touched',
      '0',
      '1',
      'cleanup script',
    ]);
    expect(row('scale tick: wall time')).toEqual([
      'scale tick: wall time',
      '3.5 s',
      '2.0 s',
      'scaler script',
    ]);
    expect(row('load step: first scale-out after the rise')).toEqual([
      'load step: first scale-out after the rise',
      '60 s',
      '180 s',
      'target tracking (model)',
    ]);
    expect(row('load step: first scale-in after the fall')?.slice(1, 3)).toEqual([
      '300 s',
      'never',
    ]);
    const figure = (name: string) => section.figures.find((f) => f.name === name)?.value;
    expect(figure('scale-out after a load step: ours / target tracking')).toBe(0.33);
    expect(figure('scale-in after the load falls: ours / target tracking')).toBeUndefined();
    expect(figure('baseline scaler: calls per tick / ours')).toBe(0.94);
  });
});
