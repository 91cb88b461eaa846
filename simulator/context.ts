/**
 * What every handler receives: the account, the clock, and the hooks that connect services
 * (ECS emits task state change events, SQS needs the endpoint for queue URLs).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { Account, TaskRecord } from './state.ts';

export type SimSettings = {
  /** How long STOPPED tasks stay describable (AWS: about an hour). */
  stoppedTaskRetentionMs: number;
  /** How long an unreferenced DELETE_IN_PROGRESS revision lingers before it disappears. */
  deleteCompletionMs: number;
  /**
   * How long a new task spends PROVISIONING and then PENDING before reconcile moves it on
   * (simulated time). Unset: one lifecycle step per reconcile, whatever the time.
   */
  taskStartup?: { provisioningMs: number; pendingMs: number };
  /**
   * How long after PutMetricData its datapoints become readable (simulated time). Unset: at once.
   * CloudWatch documents no figure; scenarios use it to show what a reader must not rely on.
   */
  metricIngestionDelayMs?: number;
};

export type SimContext = {
  account: Account;
  now: Clock;
  settings: SimSettings;
  /** Base URL of the running server (queue URLs point at it). */
  endpoint: () => string;
  /** Records an `ECS Task State Change` for the task's current state. */
  emitTaskEvent: (task: TaskRecord) => void;
  /** Failures queued by the scenario driver, consumed first come first served. */
  injected: {
    /** Reasons the next RunTask calls report in `failures[]` (one per call). */
    runTaskFailures: string[];
    /** Error codes the next PutEvents entries report (one per entry). */
    putEventsFailures: string[];
  };
};

/** A 32-hex-digit id like the ones ECS gives tasks. */
export function newTaskId(): string {
  return randomUUID().replaceAll('-', '');
}

/** A UUID, used for deployment, message and event ids. */
export function newUuid(): string {
  return randomUUID();
}
