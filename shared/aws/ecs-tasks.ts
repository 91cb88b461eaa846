import {
  DescribeTasksCommand,
  type DesiredStatus,
  ECSClient,
  GetTaskProtectionCommand,
  paginateListTasks,
  type Task,
} from '@aws-sdk/client-ecs';
import { callAws, collectPages, mapBatches } from './call-aws.ts';
import { clientFor } from './clients.ts';
import { tagsToRecord } from './ecs-tags.ts';

/** DescribeTasks and GetTaskProtection take at most 100 tasks a call. */
export const taskBatchSize = 100;

/**
 * Calls of one describe in flight at once. ECS's read bucket refills at 20 calls a second and the
 * pacer takes a share of it, so four lanes at real latencies keep up with the pacer, while each
 * lane holds one raw answer (up to 100 tasks) at a time.
 */
const describeLanes = 4;

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
    { client: clientFor(ECSClient, { paced: true }), pageSize: 100 },
    { cluster, ...filter },
  );
  return collectPages('ListTasks', pages, (page) => page.taskArns);
}

/** Task ARNs read by {@link listTaskArnsUpTo}, and whether pages were left unread. */
export type TaskArnsPage = { taskArns: string[]; truncated: boolean };

/**
 * Lists task ARNs of a cluster, 100 a page, reading at most `maxPages` pages: a scan of a busy
 * cluster with a hard bound on calls and memory.
 *
 * @returns the ARNs read, and `truncated` when ECS had more.
 * @throws AwsCallError when a call fails.
 * Requires ecs:ListTasks.
 */
export function listTaskArnsUpTo(
  cluster: string,
  filter: { desiredStatus?: DesiredStatus; family?: string },
  maxPages: number,
): Promise<TaskArnsPage> {
  const pages = paginateListTasks(
    { client: clientFor(ECSClient, { paced: true }), pageSize: 100 },
    { cluster, ...filter },
  );
  return callAws('ListTasks', async () => {
    const taskArns: string[] = [];
    let read = 0;
    for await (const page of pages) {
      taskArns.push(...(page.taskArns ?? []));
      read += 1;
      if (read >= maxPages) return { taskArns, truncated: page.nextToken !== undefined };
    }
    return { taskArns, truncated: false };
  });
}

/** Described tasks, each reduced by the caller, and the tasks ECS could not describe. */
export type DescribedTasks<T> = { tasks: T[]; failures: { arn: string; reason: string }[] };

/**
 * Describes tasks 100 a call and keeps only what `keep` returns of each task, before the next
 * call starts. A real task answer carries containers, attachments and attributes (kilobytes per
 * task), so a scan of thousands of tasks must not hold them whole. Tasks ECS no longer knows are
 * returned as failures.
 *
 * @param options.tags asks ECS for the tasks' tags too (only when `keep` needs them).
 * @returns the reduced tasks and the failures, in the order of `taskArns`' chunks.
 * @throws AwsCallError when a call fails.
 * Requires ecs:DescribeTasks.
 */
export async function describeTasksAs<T>(
  cluster: string,
  taskArns: readonly string[],
  options: { tags: boolean; keep: (task: Task) => T },
): Promise<DescribedTasks<T>> {
  const answers = await mapBatches(
    taskArns,
    { size: taskBatchSize, lanes: describeLanes },
    async (tasks) => {
      const response = await callAws('DescribeTasks', () =>
        clientFor(ECSClient, { paced: true }).send(
          new DescribeTasksCommand({
            cluster,
            tasks,
            include: options.tags ? ['TAGS'] : undefined,
          }),
        ),
      );
      return {
        tasks: (response.tasks ?? []).map((task) => options.keep(task)),
        failures: (response.failures ?? []).map((failure) => ({
          arn: failure.arn ?? 'unknown',
          reason: failure.reason ?? 'unknown',
        })),
      };
    },
  );
  return {
    tasks: answers.flatMap((answer) => answer.tasks),
    failures: answers.flatMap((answer) => answer.failures),
  };
}

/**
 * Describes tasks 100 a call, whole and with tags (a restart copies the stopped task). Tasks ECS
 * no longer knows are returned as failures.
 * Requires ecs:DescribeTasks.
 */
export function describeTasks(
  cluster: string,
  taskArns: readonly string[],
): Promise<DescribedTasks<TaskSnapshot>> {
  return describeTasksAs(cluster, taskArns, {
    tags: true,
    keep: (task) => ({ ...task, tags: tagsToRecord(task.tags) }),
  });
}

/** A task reduced to the revision it runs. */
export type TaskRevisionRef = {
  taskArn: string | undefined;
  taskDefinitionArn: string | undefined;
};

/**
 * Describes tasks 100 a call and keeps only each task's ARN and revision, what an in-use scan
 * needs; tags are not asked for. Requires ecs:DescribeTasks.
 */
export function describeTaskRevisions(
  cluster: string,
  taskArns: readonly string[],
): Promise<DescribedTasks<TaskRevisionRef>> {
  return describeTasksAs(cluster, taskArns, {
    tags: false,
    keep: ({ taskArn, taskDefinitionArn }) => ({ taskArn, taskDefinitionArn }),
  });
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
  const answers = await mapBatches(
    taskArns,
    { size: taskBatchSize, lanes: describeLanes },
    async (tasks) => {
      const response = await callAws('GetTaskProtection', () =>
        clientFor(ECSClient, { paced: true }).send(
          new GetTaskProtectionCommand({ cluster, tasks }),
        ),
      );
      return (response.protectedTasks ?? []).flatMap((task) =>
        // An expired protection no longer protects, even if ECS has not cleared it yet.
        task.protectionEnabled &&
        task.taskArn &&
        (!task.expirationDate || task.expirationDate > now)
          ? [task.taskArn]
          : [],
      );
    },
  );
  return answers.flat();
}
