/**
 * clientTokens this container already ran or scheduled, newest last. Exactly-once rests on the
 * clientToken (ECS returns the first task for a repeated token); this memory only spares the
 * RunTask and SendMessage calls of duplicates that reach the same warm container, and tells a
 * capacity loss's STOPPED event that its replacement started on the warning.
 */
const recentTokens = new Map<string, string>();
/** Tokens whose task started on an interruption warning, before the task stopped. */
const startedBeforeStop = new Set<string>();
const maxRecentTokens = 1_000;

/** The outcome remembered for a clientToken (`scheduled` or the started task ARN), if any. */
export function getRecentToken(token: string): string | undefined {
  return recentTokens.get(token);
}

/** Every clientToken this container remembers, read-only, for the plan step. */
export function getRecentTokens(): ReadonlyMap<string, string> {
  return recentTokens;
}

/** The remembered tokens whose replacement started on an interruption warning. */
export function getTokensStartedBeforeStop(): ReadonlySet<string> {
  return startedBeforeStop;
}

/**
 * Remembers what a clientToken led to (and whether it started on a warning), forgetting the
 * oldest beyond the cap.
 */
export function rememberToken(token: string, value: string, beforeStop = false): void {
  recentTokens.delete(token);
  recentTokens.set(token, value);
  if (beforeStop) startedBeforeStop.add(token);
  const oldest = recentTokens.keys().next().value;
  if (recentTokens.size > maxRecentTokens && oldest !== undefined) {
    recentTokens.delete(oldest);
    startedBeforeStop.delete(oldest);
  }
}

/** Forgets every remembered clientToken (tests). */
export function resetRecentTokens(): void {
  recentTokens.clear();
  startedBeforeStop.clear();
}
