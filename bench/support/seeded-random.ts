/**
 * A reproducible `Math.random` for the baseline scripts. The SDK draws its retry backoff's jitter
 * from `Math.random()` (@smithy/core retry: `DefaultRetryBackoffStrategy`, a random share of 2^attempt × 100 ms), so a baseline
 * that retries throttled calls waits the same sequence of delays in every run.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** The seed every baseline uses unless the parent passes another (`BENCH_RANDOM_SEED`). */
export const defaultRandomSeed = 19;

/** Replaces `Math.random` with a generator seeded with `seed`. */
export function installSeededRandom(seed: number): void {
  const generator = xoroshiro128plus(seed);
  Math.random = () => uniformFloat64(generator);
}

/** Installs the seed the parent asked for, if any (first thing a baseline script does). */
export function installSeededRandomFromEnvironment(env: NodeJS.ProcessEnv): number | undefined {
  const seed = Number(env.BENCH_RANDOM_SEED);
  if (env.BENCH_RANDOM_SEED === undefined || !Number.isInteger(seed)) return undefined;
  installSeededRandom(seed);
  return seed;
}

/** What a child needs to draw the same random numbers. */
export function seededRandomEnvironment(seed = defaultRandomSeed): Record<string, string> {
  return { BENCH_RANDOM_SEED: String(seed) };
}
