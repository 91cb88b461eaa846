import { describe, expect, it } from 'vitest';
import { simulateTargetTracking } from '../../../bench/baselines/target-tracking.ts';

/** CPU of a service running `capacity` tasks for a load of `load` tasks' worth of work. */
const cpu = (load: number, capacity: number) => Math.min(100, (100 * load) / capacity);

/** A load that is `before` until minute `at`, then `after`. */
const step =
  (before: number, at: number, after: number) =>
  (minute: number, capacity: number): number | undefined =>
    cpu(minute < at ? before : after, capacity);

const base = { target: 50, capacity: 4, min: 1, max: 20, minutes: 40 };

describe('simulateTargetTracking', () => {
  it.each([
    {
      name: 'scales out on the third minute above the target, proportionally, rounded up',
      metricAt: step(2, 5, 3.6),
      expected: [{ minute: 7, direction: 'out', from: 4, to: 8 }],
    },
    {
      name: 'ignores two minutes above the target',
      metricAt: (minute: number, capacity: number) =>
        cpu(minute === 5 || minute === 6 ? 3.6 : 2, capacity),
      expected: [],
    },
    {
      name: 'scales in on the fifteenth minute below 90 % of the target',
      metricAt: step(2, 10, 1.2),
      expected: [{ minute: 24, direction: 'in', from: 4, to: 3 }],
    },
    {
      name: 'never scales in within 10 % of the target',
      metricAt: step(2, 5, 1.84),
      expected: [],
    },
    {
      // CPU saturates at 100 %, so each minute's proportional step at most doubles the count.
      name: 'scales out again every minute the high alarm stays in ALARM, up to max',
      metricAt: step(2, 0, 40),
      expected: [
        { minute: 2, direction: 'out', from: 4, to: 8 },
        { minute: 3, direction: 'out', from: 8, to: 16 },
        { minute: 4, direction: 'out', from: 16, to: 20 },
      ],
    },
  ])('$name', ({ metricAt, expected }) => {
    // Act
    const activities = simulateTargetTracking({ ...base, metricAt });

    // Assess
    expect(activities).toEqual(expected);
  });

  it('does not scale in while a datapoint of the last fifteen is missing (INSUFFICIENT_DATA)', () => {
    // Prepare: low from minute 0, but minute 3 has no datapoint.
    const metricAt = (minute: number, capacity: number) =>
      minute === 3 ? undefined : cpu(1.2, capacity);

    // Act
    const activities = simulateTargetTracking({ ...base, minutes: 30, metricAt });

    // Assess: minutes 4 to 18 are the first fifteen complete ones.
    expect(activities).toEqual([{ minute: 18, direction: 'in', from: 4, to: 3 }]);
  });

  it('spaces scale-ins by the 300 s scale-in cooldown while the low alarm stays in ALARM', () => {
    // Prepare: a load that keeps falling, 0.1 task's worth a minute, on 20 tasks.
    const activities = simulateTargetTracking({
      ...base,
      capacity: 20,
      minutes: 30,
      metricAt: (minute, capacity) => cpu(4 - 0.1 * minute, capacity),
    });

    // Assess: the first after fifteen low minutes, then one every five minutes, not every minute.
    expect(activities.map(({ minute, from, to }) => [minute, from, to])).toEqual([
      [14, 20, 6],
      [19, 6, 5],
      [24, 5, 4],
      [29, 4, 3],
    ]);
  });
});
