import { listProtectedTaskArns, listTaskArns } from '../aws/ecs-tasks.ts';
import { runConcurrently } from '../runtime/run-concurrently.ts';
import type { ProtectionReading } from './policy/plan-scale.ts';
import type { ScaleDecision } from './policy/scale-types.ts';
import { getScaleServiceKey } from './policy/select-scale-rule.ts';

// Services whose protection is read at once; the pacer keeps them within ECS's read bucket.
const protectionLanes = 10;

/**
 * Reads task scale-in protection for the services given (the planned scale-ins): their tasks
 * that should be RUNNING, then GetTaskProtection 100 tasks a call. Expired protection no longer
 * counts. Requires ecs:ListTasks and ecs:GetTaskProtection.
 *
 * @returns a reading per service key; a failed read is a reading too (`unread`), never a throw.
 */
export async function readScaleInProtection(
  services: readonly Pick<ScaleDecision, 'clusterName' | 'serviceName'>[],
  now: Date,
): Promise<Map<string, ProtectionReading>> {
  const readings = new Map<string, ProtectionReading>();
  await runConcurrently(services, protectionLanes, async (service) => {
    const key = getScaleServiceKey(service);
    try {
      readings.set(key, { protectedTasks: await countProtectedTasks(service, now) });
    } catch (error) {
      readings.set(key, { unread: error instanceof Error ? error.message : String(error) });
    }
  });
  return readings;
}

/** Protected tasks of one service: those that should be RUNNING and whose protection is on. */
async function countProtectedTasks(
  service: Pick<ScaleDecision, 'clusterName' | 'serviceName'>,
  now: Date,
): Promise<number> {
  const { clusterName, serviceName } = service;
  const tasks = await listTaskArns(clusterName, { serviceName, desiredStatus: 'RUNNING' });
  if (tasks.length === 0) return 0;
  return (await listProtectedTaskArns(clusterName, tasks, now)).length;
}
