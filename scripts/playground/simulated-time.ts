/**
 * The playground's clock. Only `Date` is faked (timers stay real, so the SDK and the pacer behave
 * as in Lambda); the simulator and the function bundles both read it, so jumping ahead lets a
 * 300-second stabilization window or a 10-second backoff pass in an instant.
 */
import FakeTimers from '@sinonjs/fake-timers';

export type SimulatedTime = {
  /** Moves simulated time forward. */
  advance: (ms: number) => void;
  /** Simulated milliseconds since the playground started. */
  elapsedMs: () => number;
  uninstall: () => void;
};

export function installSimulatedTime(): SimulatedTime {
  const start = Date.now();
  // Time also flows with the wall clock, so throttle buckets refill between jumps.
  const clock = FakeTimers.withGlobal(globalThis).install({
    now: start,
    toFake: ['Date'],
    shouldAdvanceTime: true,
    advanceTimeDelta: 5,
  });
  return {
    advance: (ms) => clock.setSystemTime(clock.now + ms),
    elapsedMs: () => clock.now - start,
    uninstall: () => clock.uninstall(),
  };
}
