import { tagsToRecord } from './ecs-tags.ts';
import { type DescribedTasks, describeTasksAs } from './ecs-tasks.ts';

/** What a stopped task says about whether it may still be restarted, and from which revision. */
export type StoppedTaskFacts = {
  taskArn: string;
  taskDefinitionArn: string | undefined;
  group: string | undefined;
  startedBy: string | undefined;
  /** Epoch ms; undefined while the task is still stopping. */
  stoppedAt: number | undefined;
  tags: Record<string, string>;
};

/**
 * Describes tasks 100 a call with their tags and keeps what a pending restart depends on (its
 * revision, group, `startedBy`, stop time and tags), before the next call starts.
 * Requires ecs:DescribeTasks.
 * @returns the reduced tasks and the tasks ECS could not describe.
 * @throws AwsCallError when a call fails.
 */
export function describeStoppedTasks(
  cluster: string,
  taskArns: readonly string[],
): Promise<DescribedTasks<StoppedTaskFacts>> {
  return describeTasksAs(cluster, taskArns, {
    tags: true,
    keep: (task) => ({
      taskArn: task.taskArn ?? '',
      taskDefinitionArn: task.taskDefinitionArn,
      group: task.group,
      startedBy: task.startedBy,
      stoppedAt: task.stoppedAt?.getTime(),
      tags: tagsToRecord(task.tags),
    }),
  });
}
