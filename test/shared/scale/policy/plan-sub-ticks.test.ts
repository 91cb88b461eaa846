import { describe, expect, it } from 'vitest';
import {
  fitsTimeBudget,
  planSubTickOffsets,
  planSubTickTimes,
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

describe('planSubTickTimes', () => {
  const minute = Date.UTC(2026, 0, 1, 12, 0, 0);
  it.each([
    ['on time: the minute’s offsets', 500, [500, 20_000, 40_000]],
    ['25 s late: ends within its minute, skips what passed', 25_000, [25_000, 40_000]],
    ['45 s late: one evaluation', 45_000, [45_000]],
    ['a schedule time a minute back: from the start', 61_000, [61_000, 81_000, 101_000]],
    ['a schedule time in the future: from the start', -5_000, [-5_000, 15_000, 35_000]],
  ] as const)('%s', (_label, startOffset, expected) => {
    // Act
    const times = planSubTickTimes({
      start: minute + startOffset,
      scheduledAt: minute,
      intervalSeconds: 20,
      trigger: 'scheduled',
    });
    // Assess
    expect(times.map((time) => time - minute)).toEqual(expected);
  });

  it('counts from the start for an alarm (one evaluation) and without a schedule time', () => {
    // Act
    const alarm = planSubTickTimes({ start: minute, intervalSeconds: 20, trigger: 'alarm' });
    const untimed = planSubTickTimes({ start: minute, intervalSeconds: 30, trigger: 'scheduled' });
    // Assess
    expect(alarm).toEqual([minute]);
    expect(untimed).toEqual([minute, minute + 30_000]);
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
