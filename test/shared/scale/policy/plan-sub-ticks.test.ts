import { describe, expect, it } from 'vitest';
import {
  fitsTimeBudget,
  planSubTickOffsets,
} from '../../../../shared/scale/policy/plan-sub-ticks.ts';

describe('planSubTickOffsets', () => {
  it.each([
    [60, 'scheduled', [0]],
    [30, 'scheduled', [0, 30_000]],
    [20, 'scheduled', [0, 20_000, 40_000]],
    [10, 'scheduled', [0, 10_000, 20_000, 30_000, 40_000, 50_000]],
    [20, 'alarm', [0]],
    [10, 'manual', [0]],
  ] as const)('every %i s on a %s invocation: %j', (interval, trigger, expected) => {
    expect(planSubTickOffsets(interval, trigger)).toEqual(expected);
  });
});

describe('fitsTimeBudget', () => {
  it.each([
    ['room for twice the longest evaluation after the wait', 40_000, 1_000, 50_000, 4_000, true],
    ['too little left after the wait', 40_000, 1_000, 45_000, 4_000, false],
    ['a late start needs no wait', 20_000, 25_000, 9_000, 4_000, true],
    ['exactly twice the longest evaluation', 20_000, 0, 28_000, 4_000, true],
  ])('%s', (_label, offsetMs, elapsedMs, remainingMs, longestEvaluationMs, fits) => {
    expect(fitsTimeBudget({ offsetMs, elapsedMs, remainingMs, longestEvaluationMs })).toBe(fits);
  });
});
