import type { Clock } from '../../shared/aws/token-bucket.ts';

/** A clock whose sleep advances time instantly, for pacing tests that must not wait. */
export function createFakeClock(start = 0): Clock & { advance: (ms: number) => void } {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
