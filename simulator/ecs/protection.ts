/**
 * Task scale-in protection: GetTaskProtection and UpdateTaskProtection. Only service tasks can
 * be protected; others come back as failures, as in ECS.
 */
import { resolveCluster, resolveTaskArn } from '../arn.ts';
import type { SimContext } from '../context.ts';
import { invalidParameter } from '../errors.ts';
import {
  type Input,
  optionalBoolean,
  optionalNumber,
  optionalString,
  stringList,
  toEpochSeconds,
} from '../input.ts';
import type { TaskRecord } from '../state.ts';
import { isProtected } from './task-lifecycle.ts';

function collect(ctx: SimContext, input: Input, max: number) {
  const cluster = resolveCluster(ctx, optionalString(input, 'cluster'));
  const refs = stringList(input, 'tasks');
  if (refs.length === 0 || refs.length > max) {
    throw invalidParameter(`tasks must have between 1 and ${max} items.`);
  }
  const found: TaskRecord[] = [];
  const failures: Input[] = [];
  for (const ref of refs) {
    const arn = resolveTaskArn(ctx, cluster, ref);
    const task = ctx.account.tasks.get(arn);
    if (task?.serviceArn !== undefined && task.lastStatus !== 'STOPPED') found.push(task);
    else failures.push({ arn, reason: task ? 'TASK_NOT_VALID' : 'MISSING' });
  }
  return { found, failures };
}

function toProtectedTask(task: TaskRecord, now: number): Input {
  const enabled = isProtected(task, now);
  return {
    taskArn: task.arn,
    protectionEnabled: enabled,
    expirationDate: enabled ? toEpochSeconds(task.protection?.expiresAt) : undefined,
  };
}

/** GetTaskProtection: up to 100 tasks. */
export function getTaskProtection(ctx: SimContext, input: Input) {
  const { found, failures } = collect(ctx, input, 100);
  const now = ctx.now();
  return { protectedTasks: found.map((task) => toProtectedTask(task, now)), failures };
}

/** UpdateTaskProtection: up to 10 tasks; expiresInMinutes 1-2880, default 120. */
export function updateTaskProtection(ctx: SimContext, input: Input) {
  const enabled = optionalBoolean(input, 'protectionEnabled');
  if (enabled === undefined) throw invalidParameter('protectionEnabled is required.');
  const minutes = optionalNumber(input, 'expiresInMinutes') ?? 120;
  if (minutes < 1 || minutes > 2880) throw invalidParameter('expiresInMinutes must be 1-2880.');
  const { found, failures } = collect(ctx, input, 10);
  const now = ctx.now();
  for (const task of found) {
    task.protection = enabled ? { enabled, expiresAt: now + minutes * 60_000 } : { enabled };
  }
  return { protectedTasks: found.map((task) => toProtectedTask(task, now)), failures };
}
