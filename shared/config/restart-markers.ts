import type { RestartConfig } from './restart-section.ts';

/**
 * What the restart job writes on the tasks it starts, and how long a restart may still be
 * pending after a task stops. Two jobs need these (restart writes them; prune reads them to see
 * the revisions a pending restart will run), so they live here rather than in either job; the
 * restart job's own constants are held equal to these by test/shared/config/restart-markers.test.ts.
 */
export const RESTART_MARKERS = {
  /** A task's own opt-in or opt-out (`on-failure`, `always`, `never`). */
  modeTag: 'ecs-autopilot:restart',
  /** Carried by every task a restart started: the chain's first task id and the attempt. */
  lineageTags: ['ecs-autopilot:lineage', 'ecs-autopilot:attempt'],
  /** `startedBy` of every task a restart started. */
  startedBy: 'ecs-autopilot',
} as const;

/** SQS caps DelaySeconds at 15 minutes, so no single wait of the delay queue is longer. */
const maxQueueDelaySeconds = 900;

/**
 * Slack for what delays a restart beyond its planned waits: the delay queue redelivers a message
 * whose invocation failed after its visibility timeout (180 s, at most 5 receives: 15 minutes).
 */
const redeliverySlackSeconds = 900;

/**
 * How long after a task stopped a restart of it may still call RunTask with its revision: the
 * first backoff wait, one wait per RunTask retry (each at most `backoff.maxSeconds`, and SQS caps
 * a delay at 15 minutes), and the delay queue's redeliveries. With the defaults (300 s, 5
 * retries) that is 45 minutes.
 *
 * @returns the window in milliseconds.
 */
export function restartWindowMs(restart: Pick<RestartConfig, 'backoff' | 'runTaskRetry'>): number {
  const wait = Math.min(restart.backoff.maxSeconds, maxQueueDelaySeconds);
  return ((1 + restart.runTaskRetry.maxRetries) * wait + redeliverySlackSeconds) * 1000;
}
