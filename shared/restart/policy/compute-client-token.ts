// biome-ignore lint/style/noRestrictedImports: hashing is pure computation (no I/O, no clock), and node:crypto costs the bundle nothing.
import { createHash } from 'node:crypto';

/**
 * RunTask `clientToken` for restart `attempt` of a stopped task: a SHA-256 hex digest (64 chars,
 * RunTask's limit) of the stopped task ARN, the attempt and the placement round. A duplicate or
 * late event for the same stopped task computes the same token, so ECS starts at most one task.
 * `placementRound` moves only after ECS answered with `failures[]` (it definitely started
 * nothing), so a retry after a timeout or throttle reuses the token and stays idempotent.
 */
export function computeClientToken(
  stoppedTaskArn: string,
  attempt: number,
  placementRound = 0,
): string {
  return createHash('sha256')
    .update(`${stoppedTaskArn}|${attempt}|${placementRound}`)
    .digest('hex');
}
