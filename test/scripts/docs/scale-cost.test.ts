import { describe, expect, it } from 'vitest';
import {
  estimateScaleCost,
  evaluationsPerInvocation,
  prices,
} from '../../../scripts/docs/scale-cost.ts';

const settings = {
  memoryMb: 256,
  timeoutSeconds: 55,
  architecture: 'arm64',
  invocationsPerMinute: 1,
} as const;
const month = 30 * 24 * 60;

describe('scripts/docs/scale-cost.ts', () => {
  it.each([
    [60, 10, 1],
    [20, 10, 3],
    [10, 10, 5], // the 50-s evaluation would not leave twice its duration before the timeout
    [30, 500, 2],
  ] as const)('plans %i-s evaluations of %i services: %i an invocation', (interval, services, n) => {
    expect(evaluationsPerInvocation(interval, settings.timeoutSeconds, services)).toBe(n);
  });

  it('counts the read-backs once an invocation and the live metrics every evaluation', () => {
    // Act
    const once = estimateScaleCost(10, 60, settings);
    const sub = estimateScaleCost(10, 20, settings);
    // Assess: at 60 s, CPU and the recommendation read-back; at 20 s the desired counts too
    // (the 60-s rate-policy period outlasts the interval), then CPU alone twice more.
    expect(once.metricsRequested).toBe(month * 10 * 2);
    expect(sub.metricsRequested).toBe(month * (10 * 3 + 2 * 10));
    expect(sub.sqsRequests).toBe(month * 3 * 10);
    expect(sub.putMetricDataRequests).toBe(month * 3);
  });

  it('bills the wait between evaluations as Lambda duration, at the architecture’s price', () => {
    // Act
    const row = estimateScaleCost(100, 20, settings);
    const x86 = estimateScaleCost(100, 20, { ...settings, architecture: 'x86_64' });
    // Assess: 40 s of waiting plus one evaluation of 100 services, a quarter GB.
    expect(row.gbSeconds).toBeCloseTo(month * (40 + 0.3 + 0.65) * 0.25, 3);
    expect(x86.dollars - row.dollars).toBeCloseTo(
      row.gbSeconds * (prices.lambdaGbSecond.x86_64 - prices.lambdaGbSecond.arm64),
      6,
    );
  });
});
