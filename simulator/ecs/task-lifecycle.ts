/**
 * Task lifecycle: PROVISIONING → PENDING → RUNNING → STOPPED. Every change bumps the task's
 * version and emits an `ECS Task State Change` event.
 */
import type { SimContext } from '../context.ts';
import type { TaskRecord } from '../state.ts';

export const StopCode = {
  taskFailedToStart: 'TaskFailedToStart',
  essentialContainerExited: 'EssentialContainerExited',
  userInitiated: 'UserInitiated',
  serviceSchedulerInitiated: 'ServiceSchedulerInitiated',
  spotInterruption: 'SpotInterruption',
  terminationNotice: 'TerminationNotice',
} as const;
export type StopCode = (typeof StopCode)[keyof typeof StopCode];

const defaultReasons: Record<string, string> = {
  TaskFailedToStart: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
  EssentialContainerExited: 'Essential container in task exited',
  UserInitiated: 'Task stopped by user',
  ServiceSchedulerInitiated: 'Scaling activity initiated by deployment',
  SpotInterruption: 'Your Spot Task was interrupted.',
  TerminationNotice: 'Your task was stopped because its host received a termination notice.',
};

/** How a task ends: stop code, reason, and exit codes (one for all containers, or by name). */
export type StopSpec = {
  stopCode: StopCode;
  reason?: string;
  exitCodes?: number | Record<string, number>;
  /** Per-container `reason` (for example a CannotPullContainerError). */
  containerReasons?: Record<string, string>;
};

function changed(ctx: SimContext, task: TaskRecord): void {
  task.version += 1;
  ctx.emitTaskEvent(task);
}

/**
 * Moves a task one step toward its desired status; returns whether anything changed. A stop
 * announced ahead of time (a Spot interruption warning) waits for its due time; with the
 * `taskStartup` setting, a starting task waits for its step's duration unless `force` (the
 * driver's `startTasks`) says go.
 */
export function advanceTask(ctx: SimContext, task: TaskRecord, force = false): boolean {
  if (task.lastStatus === 'STOPPED') return false;
  const now = ctx.now();
  if (task.desiredStatus === 'STOPPED') {
    const pending = task.pendingStop;
    if (pending !== undefined && pending.dueAt > now) return false;
    finishStop(ctx, task, {
      stopCode: (task.stopCode as StopCode) ?? StopCode.userInitiated,
      ...(pending !== undefined ? { exitCodes: pending.exitCode } : {}),
    });
    return true;
  }
  if (task.lastStatus === 'RUNNING') return false;
  if (!force && !isStepDue(ctx, task, now)) return false;
  if (task.lastStatus === 'PROVISIONING') {
    task.lastStatus = 'PENDING';
  } else {
    task.lastStatus = 'RUNNING';
    task.startedAt = ctx.now();
    if (task.health?.status === 'UNKNOWN')
      task.health.healthyAt = task.startedAt + task.health.intervalMs;
    for (const container of task.containers) container.lastStatus = 'RUNNING';
  }
  changed(ctx, task);
  return true;
}

/**
 * With the `taskStartup` setting, whether a starting task has spent its step's time:
 * PROVISIONING until `provisioningMs` after it was created, PENDING until `pendingMs` more.
 */
function isStepDue(ctx: SimContext, task: TaskRecord, now: number): boolean {
  const startup = ctx.settings.taskStartup;
  if (startup === undefined) return true;
  const provisioned = task.createdAt + startup.provisioningMs;
  const due = task.lastStatus === 'PROVISIONING' ? provisioned : provisioned + startup.pendingMs;
  return now >= due;
}

/** Asks a task to stop (StopTask, scale-in): desiredStatus STOPPED, finished by a later step. */
export function requestStop(ctx: SimContext, task: TaskRecord, spec: StopSpec): void {
  if (task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED') return;
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = ctx.now();
  task.stopCode = spec.stopCode;
  task.stoppedReason = spec.reason ?? defaultReasons[spec.stopCode];
  changed(ctx, task);
}

/** Stops a task now with the given stop code and exit codes. */
export function finishStop(ctx: SimContext, task: TaskRecord, spec: StopSpec): void {
  if (task.lastStatus === 'STOPPED') return;
  const started = task.startedAt !== undefined;
  const now = ctx.now();
  task.desiredStatus = 'STOPPED';
  task.stoppingAt ??= now;
  task.stoppedAt = now;
  task.stopCode = task.stopCode ?? spec.stopCode;
  task.stoppedReason = spec.reason ?? task.stoppedReason ?? defaultReasons[spec.stopCode];
  for (const container of task.containers) {
    container.lastStatus = 'STOPPED';
    const code = exitCodeFor(spec, container.name, started);
    if (code !== undefined) container.exitCode = code;
    const reason = spec.containerReasons?.[container.name];
    if (reason !== undefined) container.reason = reason;
  }
  task.lastStatus = 'STOPPED';
  changed(ctx, task);
}

/**
 * Exit codes at a stop. Containers that never started have none. The containers `exitCodes` names
 * exit with their code; when an essential one exits (`EssentialContainerExited`), ECS stops every
 * other container of the task ("all other containers that are part of the task are stopped",
 * ContainerDefinition.essential in the ECS API reference) with a `docker stop`: SIGTERM, so a
 * container that does not trap it exits 143 (name it with 137 for one killed after `stopTimeout`).
 * Any other stop by ECS ends every started container with SIGTERM (143).
 */
function exitCodeFor(spec: StopSpec, name: string, started: boolean): number | undefined {
  if (typeof spec.exitCodes === 'number') return spec.exitCodes;
  const named = spec.exitCodes?.[name];
  if (named !== undefined) return named;
  if (!started) return undefined;
  const essentialExit = spec.stopCode === StopCode.essentialContainerExited;
  if (spec.exitCodes !== undefined) return essentialExit ? 143 : undefined;
  return essentialExit ? undefined : 143;
}

/** True while scale-in protection is on and not expired. */
export function isProtected(task: TaskRecord, now: number): boolean {
  const protection = task.protection;
  if (!protection?.enabled) return false;
  return protection.expiresAt === undefined || protection.expiresAt > now;
}
