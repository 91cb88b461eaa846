import type { BackoffConfig } from '../../config/restart-section.ts';

/**
 * Delay before restart attempt `attempt` (1-based), kubelet-style: `initial * factor^(attempt-1)`
 * capped at `maxSeconds`, then spread by ±`jitterRatio` so a failing fleet does not restart in
 * lockstep, and never above `maxSeconds` (the SQS delay limit is enforced by the schema).
 *
 * @param random a number in [0, 1) supplied by the caller, so the function stays pure.
 * Returns whole seconds (SQS `DelaySeconds` is an integer).
 */
export function computeBackoffSeconds(
  attempt: number,
  backoff: BackoffConfig,
  random: number,
): number {
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(backoff.maxSeconds, backoff.initialSeconds * backoff.factor ** exponent);
  const r = Math.min(Math.max(random, 0), 1);
  const jittered = base * (1 + backoff.jitterRatio * (2 * r - 1));
  return Math.max(0, Math.min(backoff.maxSeconds, Math.round(jittered)));
}
