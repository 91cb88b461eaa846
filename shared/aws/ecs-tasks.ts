import {
  DescribeTasksCommand,
  type DesiredStatus,
  GetTaskProtectionCommand,
  paginateListTasks,
  RunTaskCommand,
  type RunTaskCommandInput,
  type Task,
} from '@aws-sdk/client-ecs';
import { callAws, chunk, collectPages } from './call-aws.ts';
import { getEcsClient } from './ecs-client.ts';
import { tagsToRecord } from './ecs-tags.ts';

/** DescribeTasks and GetTaskProtection take at most 100 tasks a call. */
export const taskBatchSize = 100;

/** The SDK's own task shape, with tags as a record. */
export type TaskSnapshot = Omit<Task, 'tags'> & { tags: Record<string, string> };

/**
 * Lists task ARNs of a cluster, 100 a page. Requires ecs:ListTasks.
 */
export function listTaskArns(
  cluster: string,
  filter: {
    desiredStatus?: DesiredStatus;
    family?: string;
    serviceName?: string;
    startedBy?: string;
  } = {},
): Promise<string[]> {
  const pages = paginateListTasks(
    { client: getEcsClient(), pageSize: 100 },
    { cluster, ...filter },
  );
  return collectPages('ListTasks', pages, (page) => page.taskArns);
}

/**
 * Describes tasks 100 a call, with tags. Tasks ECS no longer knows are returned as failures.
 * Requires ecs:DescribeTasks.
 */
export async function describeTasks(
  cluster: string,
  taskArns: readonly string[],
): Promise<{ tasks: TaskSnapshot[]; failures: { arn: string; reason: string }[] }> {
  const responses = await Promise.all(
    chunk(taskArns, taskBatchSize).map((tasks) =>
      callAws('DescribeTasks', () =>
        getEcsClient().send(new DescribeTasksCommand({ cluster, tasks, include: ['TAGS'] })),
      ),
    ),
  );
  return {
    tasks: responses.flatMap((response) =>
      (response.tasks ?? []).map((task) => ({ ...task, tags: tagsToRecord(task.tags) })),
    ),
    failures: responses.flatMap((response) =>
      (response.failures ?? []).map((failure) => ({
        arn: failure.arn ?? 'unknown',
        reason: failure.reason ?? 'unknown',
      })),
    ),
  };
}

/**
 * Starts a task. ECS reports capacity and placement problems in `failures` rather than as an
 * error; they are returned for the caller to retry or report.
 * Requires ecs:RunTask (and ecs:TagResource, iam:PassRole for the task's roles).
 */
export async function runTask(
  input: RunTaskCommandInput,
): Promise<{ taskArns: string[]; failures: { arn: string; reason: string }[] }> {
  const response = await callAws('RunTask', () => getEcsClient().send(new RunTaskCommand(input)));
  return {
    taskArns: (response.tasks ?? []).flatMap((task) => (task.taskArn ? [task.taskArn] : [])),
    failures: (response.failures ?? []).map((failure) => ({
      arn: failure.arn ?? 'unknown',
      reason: [failure.reason, failure.detail].filter(Boolean).join(': ') || 'unknown',
    })),
  };
}

/**
 * Returns the ARNs of the tasks whose scale-in protection is on, asking 100 tasks a call.
 * Requires ecs:GetTaskProtection.
 */
export async function listProtectedTaskArns(
  cluster: string,
  taskArns: readonly string[],
  now: Date,
): Promise<string[]> {
  const responses = await Promise.all(
    chunk(taskArns, taskBatchSize).map((tasks) =>
      callAws('GetTaskProtection', () =>
        getEcsClient().send(new GetTaskProtectionCommand({ cluster, tasks })),
      ),
    ),
  );
  return responses.flatMap((response) =>
    (response.protectedTasks ?? []).flatMap((task) =>
      // An expired protection no longer protects, even if ECS has not cleared it yet.
      task.protectionEnabled && task.taskArn && (!task.expirationDate || task.expirationDate > now)
        ? [task.taskArn]
        : [],
    ),
  );
}
