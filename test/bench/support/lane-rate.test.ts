import { describe, expect, it } from 'vitest';
import { laneRate, overallRate } from '../../../bench/support/lane-rate.ts';
import type { CallRecord } from '../../../simulator/index.ts';

const call = (at: number, ok = true, action = 'DeregisterTaskDefinition'): CallRecord => ({
  service: 'ecs',
  action,
  ok,
  status: ok ? 200 : 400,
  at,
});

describe('laneRate', () => {
  it('counts successful calls between each window’s first and last, not the gaps between windows', () => {
    // Prepare: two runs, 2 s apart each call, a long pause between the runs, one throttled call.
    const calls = [
      call(0),
      call(2000),
      call(4000),
      call(4500, false),
      call(100_000),
      call(102_000),
    ];
    const windows = [
      { startedAt: 0, endedAt: 10_000 },
      { startedAt: 90_000, endedAt: 110_000 },
    ];

    // Act
    const rate = laneRate(calls, 'DeregisterTaskDefinition', windows);

    // Assess: 3 intervals over 6 active seconds.
    expect(rate).toEqual({ calls: 5, ratePerSecond: 0.5, activeSeconds: 6 });
    expect(overallRate(calls, 'DeregisterTaskDefinition')).toBeCloseTo(4 / 102, 5);
  });

  it('has no rate for a lane with fewer than two calls', () => {
    // Act / Assess
    expect(laneRate([call(0)], 'DeregisterTaskDefinition', [{ startedAt: 0, endedAt: 1 }])).toEqual(
      {
        calls: 1,
        ratePerSecond: undefined,
        activeSeconds: 0,
      },
    );
  });
});
