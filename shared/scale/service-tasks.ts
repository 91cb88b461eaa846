import { getTaskId } from '../aws/ecs-arn.ts';
import { describeTasksAs, listProtectedTaskArns, listTaskArns } from '../aws/ecs-tasks.ts';
import { runConcurrently } from '../runtime/run-concurrently.ts';
import type { ScaleDecision, ServiceTask } from './policy/scale-types.ts';
import { getScaleServiceKey } from './policy/select-scale-rule.ts';

// Services whose tasks are read at once; the pacer keeps them within ECS's read bucket.
const readLanes = 10;

/** One service's tasks and how many of them are protected from scale-in, or why unread. */
export type ServiceTasksReading =
  | { tasks: ServiceTask[]; protectedTasks: number | undefined }
  | { unread: string };

type ServiceRef = Pick<
  ScaleDecision,
  'clusterName' | 'serviceName' | 'currentCount' | 'desiredCount'
>;

/**
 * Reads the tasks of the services given (those a tick would change): the tasks that should be
 * RUNNING (ListTasks), each one's status, health, start time, size and deployment
 * (DescribeTasks, 100 a call), and for a planned scale-in their scale-in protection
 * (GetTaskProtection, 100 a call; an expired protection no longer counts). Requires
 * ecs:ListTasks, ecs:DescribeTasks and ecs:GetTaskProtection.
 *
 * @returns a reading per service key; a failed read is a reading too (`unread`), never a throw.
 */
export async function readServiceTasks(
  services: readonly ServiceRef[],
  now: Date,
): Promise<Map<string, ServiceTasksReading>> {
  const readings = new Map<string, ServiceTasksReading>();
  await runConcurrently(services, readLanes, async (service) => {
    const key = getScaleServiceKey(service);
    try {
      readings.set(key, await readOneService(service, now));
    } catch (error) {
      readings.set(key, { unread: error instanceof Error ? error.message : String(error) });
    }
  });
  return readings;
}

async function readOneService(service: ServiceRef, now: Date): Promise<ServiceTasksReading> {
  const { clusterName, serviceName } = service;
  const arns = await listTaskArns(clusterName, { serviceName, desiredStatus: 'RUNNING' });
  if (arns.length === 0) return { tasks: [], protectedTasks: 0 };
  const described = await describeTasksAs(clusterName, arns, {
    tags: false,
    keep: (task): ServiceTask => ({
      taskId: getTaskId(task.taskArn ?? '') ?? '',
      deploymentId: task.startedBy,
      running: task.lastStatus === 'RUNNING',
      health: toHealth(task.healthStatus),
      startedAt: task.startedAt?.getTime(),
      cpu: toUnits(task.cpu),
      memory: toUnits(task.memory),
    }),
  });
  if (service.desiredCount >= service.currentCount) {
    return { tasks: described.tasks, protectedTasks: undefined };
  }
  const protectedTasks = (await listProtectedTaskArns(clusterName, arns, now)).length;
  return { tasks: described.tasks, protectedTasks };
}

function toHealth(status: string | undefined): ServiceTask['health'] {
  return status === 'HEALTHY' || status === 'UNHEALTHY' ? status : 'UNKNOWN';
}

/** Task-level `cpu` / `memory` are strings of units ("1024"); absent without a task size. */
function toUnits(value: string | undefined): number | undefined {
  const units = Number(value);
  return value !== undefined && Number.isFinite(units) && units > 0 ? units : undefined;
}
