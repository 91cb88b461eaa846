import { describe, expect, it } from 'vitest';
import { scaleOutTime } from '../../../bench/baselines/target-tracking.ts';
import { averageOver, planReactionSteps } from '../../../bench/support/reaction-steps.ts';

const minute = Date.UTC(2026, 0, 1, 12, 0, 0);
/** 50 % until `at`, 90 % after: at the 50 % target before, above it after. */
const load = (at: number) => (start: number, end: number) =>
  averageOver(start, end, (t) => (t >= at ? 90 : 50), [at]);

describe('scaleOutTime (target tracking on a load step)', () => {
  it.each([
    ['a step at the start of a 60-s period', 60, 0, 180],
    ['a step 25 s into a 60-s period', 60, 25, 155],
    ['a step 5 s into a 20-s period', 20, 5, 55],
    ['a step 19 s into a 20-s period', 20, 19, 41],
  ])('fires when the third datapoint above target completes: %s', (_label, period, phase, expected) => {
    // Prepare
    const at = minute + phase * 1000;
    // Act
    const fired = scaleOutTime({
      stepAtMs: at,
      periodSeconds: period,
      datapoints: 3,
      target: 50,
      averageOver: load(at),
    });
    // Assess
    expect(((fired ?? 0) - at) / 1000).toBe(expected);
  });

  it('adds the publication delay to the alarm and never fires on a load at its target', () => {
    // Prepare
    const at = minute + 10_000;
    // Act
    const delayed = scaleOutTime({
      stepAtMs: at,
      periodSeconds: 20,
      datapoints: 3,
      target: 50,
      averageOver: load(at),
      publicationDelayMs: 15_000,
    });
    const flat = scaleOutTime({
      stepAtMs: at,
      periodSeconds: 20,
      datapoints: 3,
      target: 50,
      averageOver: () => 50,
      horizonMs: 600_000,
    });
    // Assess
    expect(((delayed ?? 0) - at) / 1000).toBe(65);
    expect(flat).toBeUndefined();
  });
});

describe('planReactionSteps', () => {
  it('draws the same phases for the same seed, one a step, each within its minute', () => {
    // Act
    const steps = planReactionSteps(7);
    // Assess
    expect(planReactionSteps(7)).toEqual(steps);
    expect(planReactionSteps(8)).not.toEqual(steps);
    expect(steps).toHaveLength(20);
    steps.forEach((step, k) => {
      const minuteStart = 60_000 + 90_000 * k;
      expect(step.offsetMs).toBeGreaterThanOrEqual(minuteStart);
      expect(step.offsetMs).toBeLessThan(minuteStart + 60_000);
    });
  });
});
