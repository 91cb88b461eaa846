import {
  GetScheduleCommand,
  paginateListSchedules,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { AwsCallError } from '../runtime/errors.ts';
import { callAws, collectPages } from './call-aws.ts';
import { clientFor } from './clients.ts';

/** A schedule as ListSchedules summarises it: where it lives and what its target is. */
export type ScheduleSummary = {
  groupName: string;
  name: string;
  /** The target's ARN: a cluster for the ECS RunTask template, `…:aws-sdk:ecs:runTask` for a universal target. */
  targetArn: string;
  state: string;
};

/** What a schedule's target runs, as GetSchedule returns it. */
export type ScheduleTarget = {
  arn: string;
  /** `EcsParameters.TaskDefinitionArn` of the ECS RunTask templated target. */
  ecsTaskDefinition: string | undefined;
  /** The JSON a universal target sends as the API's request. */
  input: string | undefined;
};

/**
 * Lists every EventBridge Scheduler schedule of the account and Region, 100 a page. Without a
 * group filter ListSchedules lists the schedules of every group, so one listing covers them all
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_ListSchedules.html). Disabled
 * schedules are listed too: enabling one runs its pinned revision again.
 * Requires scheduler:ListSchedules.
 * @throws AwsCallError when a page cannot be read.
 */
export function listSchedules(): Promise<ScheduleSummary[]> {
  const pages = paginateListSchedules(
    { client: clientFor(SchedulerClient, { paced: false }), pageSize: 100 },
    { MaxResults: 100 },
  );
  return collectPages('ListSchedules', pages, (page) =>
    (page.Schedules ?? []).map((schedule) => ({
      groupName: schedule.GroupName ?? 'default',
      name: schedule.Name ?? '',
      targetArn: schedule.Target?.Arn ?? '',
      state: schedule.State ?? 'UNKNOWN',
    })),
  );
}

/**
 * Reads one schedule's target: ListSchedules summarises a target by its ARN only, and the task
 * definition lives in `EcsParameters` (or a universal target's `Input`).
 * Requires scheduler:GetSchedule.
 * @returns the target, or undefined when the schedule was deleted since it was listed (it runs
 *   nothing any more).
 * @throws AwsCallError for any other failure.
 */
export async function getScheduleTarget(
  groupName: string,
  name: string,
): Promise<ScheduleTarget | undefined> {
  try {
    const schedule = await callAws('GetSchedule', () =>
      clientFor(SchedulerClient, { paced: false }).send(
        new GetScheduleCommand({ GroupName: groupName, Name: name }),
      ),
    );
    return {
      arn: schedule.Target?.Arn ?? '',
      ecsTaskDefinition: schedule.Target?.EcsParameters?.TaskDefinitionArn,
      input: schedule.Target?.Input,
    };
  } catch (error) {
    if (error instanceof AwsCallError && error.cause instanceof ResourceNotFoundException) {
      return undefined;
    }
    throw error;
  }
}
