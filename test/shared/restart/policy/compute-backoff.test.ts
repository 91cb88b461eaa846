import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restartSectionSchema } from '../../../../shared/config/restart-section.ts';
import { computeBackoffSeconds } from '../../../../shared/restart/policy/compute-backoff.ts';

const BACKOFF = restartSectionSchema.parse({}).backoff;

describe('computeBackoffSeconds', () => {
  it.each([
    [1, 10],
    [2, 20],
    [3, 40],
    [4, 80],
    [5, 160],
    [6, 300],
    [7, 300],
    [50, 300],
  ])('waits like the kubelet before attempt %i: %i s (no jitter at random 0.5)', (attempt, seconds) => {
    expect(computeBackoffSeconds(attempt, BACKOFF, 0.5)).toBe(seconds);
  });

  it.each([
    [0, 9],
    [0.999_999, 11],
  ])('spreads by ±10%% (random %d → %i s)', (random, seconds) => {
    expect(computeBackoffSeconds(1, BACKOFF, random)).toBe(seconds);
  });

  it('never exceeds maxSeconds even with full jitter at the cap', () => {
    expect(computeBackoffSeconds(10, { ...BACKOFF, jitterRatio: 1 }, 0.999)).toBe(300);
  });

  it('always returns whole seconds in [0, maxSeconds]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 0, max: 900 }),
        (attempt, random, initialSeconds, maxSeconds) => {
          const s = computeBackoffSeconds(
            attempt,
            { ...BACKOFF, initialSeconds, maxSeconds },
            random,
          );
          return Number.isInteger(s) && s >= 0 && s <= maxSeconds;
        },
      ),
    );
  });
});
