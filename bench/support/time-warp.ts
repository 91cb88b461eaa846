/**
 * Compressed time for the throttled benchmarks. Simulated time runs `factor` times faster than the
 * wall clock from `origin` on, in every process of the run: the simulator reads it as its clock
 * (so ECS's token buckets, at their real rates on that clock, refill `factor` times faster in wall
 * time) and the measured processes see it through `Date`. The functions' pacer is compressed by
 * the same factor through PACING_TIME_FACTOR, as the brief of issue #8 asks.
 */

/** Simulated time = origin + (wall time - origin) × factor. */
export type TimeWarp = { origin: number; factor: number };

const realNow = Date.now.bind(Date);

/** Starts a warp now. */
export function startTimeWarp(factor: number): TimeWarp {
  return { origin: realNow(), factor };
}

/** Simulated epoch ms for a wall-clock epoch ms. */
export function warpedTime(warp: TimeWarp, wallMs: number = realNow()): number {
  return warp.origin + (wallMs - warp.origin) * warp.factor;
}

/** The simulator's clock under a warp. */
export function createWarpedClock(warp: TimeWarp): () => number {
  return () => warpedTime(warp);
}

/** What a child process needs to see the same simulated time. */
export function warpEnvironment(warp: TimeWarp, timers: boolean): Record<string, string> {
  return {
    BENCH_TIME_ORIGIN: String(warp.origin),
    BENCH_TIME_FACTOR: String(warp.factor),
    BENCH_WARP_TIMERS: timers ? '1' : '0',
  };
}

/** The warp a parent passed down, if any. */
export function readTimeWarp(env: NodeJS.ProcessEnv): TimeWarp | undefined {
  const origin = Number(env.BENCH_TIME_ORIGIN);
  const factor = Number(env.BENCH_TIME_FACTOR);
  if (!Number.isFinite(origin) || !Number.isFinite(factor) || factor <= 0) return undefined;
  return { origin, factor };
}

/**
 * Makes `Date` (constructor without arguments, `Date.now()`, `Date()`) report simulated time.
 */
export function installWarpedDate(warp: TimeWarp): void {
  replaceDateNow(() => warpedTime(warp));
}

/**
 * Makes `Date` (constructor without arguments, `Date.now()`, `Date()`) report `now()`; returns
 * what puts the real `Date` back. A Proxy rather than a subclass, so `Date()` called as a function
 * and `instanceof` keep working.
 */
export function replaceDateNow(now: () => number): () => void {
  const RealDate = Date;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args: unknown[]) =>
      args.length === 0 ? new target(now()) : new target(...(args as [string])),
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) =>
      property === 'now' ? now : Reflect.get(target, property, receiver),
  });
  return () => {
    globalThis.Date = RealDate;
  };
}

/**
 * Shortens every `setTimeout` / `setInterval` delay by the warp factor, so a script's waits (the
 * SDK's retry backoff) last as long in simulated time as they would against AWS. Only for
 * processes without a compressed pacer of their own: the baselines.
 */
export function installWarpedTimers(warp: TimeWarp): void {
  type Schedule = (callback: () => void, ms: number, ...args: unknown[]) => unknown;
  const realSetTimeout = globalThis.setTimeout as unknown as Schedule;
  const realSetInterval = globalThis.setInterval as unknown as Schedule;
  const scale = (ms: unknown) => Math.max(0, (typeof ms === 'number' ? ms : 0) / warp.factor);
  globalThis.setTimeout = ((callback: () => void, ms?: number, ...args: unknown[]) =>
    realSetTimeout(callback, scale(ms), ...args)) as unknown as typeof setTimeout;
  globalThis.setInterval = ((callback: () => void, ms?: number, ...args: unknown[]) =>
    realSetInterval(callback, scale(ms), ...args)) as unknown as typeof setInterval;
}

/** Installs whatever warp the parent process asked for (first thing a child does). */
export function installTimeWarpFromEnvironment(env: NodeJS.ProcessEnv): TimeWarp | undefined {
  const warp = readTimeWarp(env);
  if (warp === undefined) return undefined;
  installWarpedDate(warp);
  if (env.BENCH_WARP_TIMERS === '1') installWarpedTimers(warp);
  return warp;
}
