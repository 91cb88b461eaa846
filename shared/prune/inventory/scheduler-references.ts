import { getScheduleTarget, listSchedules } from '../../aws/scheduler-schedules.ts';
import { runConcurrently } from '../../runtime/run-concurrently.ts';
import { mayRunEcsTask, readScheduleTarget } from '../policy/index.ts';
import { describeGap } from './describe-gap.ts';
import { type SourceScan, startScan } from './source-scan.ts';

/** GetSchedule calls in flight at once (Scheduler is not paced; its SDK retries throttling). */
const scheduleConcurrency = 4;

/**
 * Reads the task definitions EventBridge Scheduler schedules run, in every schedule group and
 * whatever their state (a disabled schedule runs its revision again once enabled). Only schedules
 * whose target is an ECS cluster or an ECS universal target are read whole. The ECS console and
 * guide now create scheduled tasks as Scheduler schedules:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/tasks-scheduled.html
 *
 * @returns the scan: `scanned` counts the schedules listed; a target that cannot be read
 *   statically is a dynamic reference.
 */
export async function scanSchedulerReferences(): Promise<SourceScan> {
  const scan = startScan('scheduler-schedules');
  let schedules: Awaited<ReturnType<typeof listSchedules>>;
  try {
    schedules = await listSchedules();
  } catch (error) {
    scan.gaps.push(describeGap(`${scan.source}: schedules`, error));
    return scan;
  }
  scan.scanned = schedules.length;
  const onEcs = schedules.filter((schedule) => mayRunEcsTask(schedule.targetArn));
  await runConcurrently(onEcs, scheduleConcurrency, async ({ groupName, name }) => {
    const where = `${groupName}/${name}`;
    try {
      const target = await getScheduleTarget(groupName, name);
      if (target === undefined) return;
      const reference = readScheduleTarget(target);
      if (reference.kind === 'static') scan.refs.push(reference.ref);
      else if (reference.kind === 'dynamic') {
        const { expression } = reference;
        scan.dynamic.push({
          source: 'scheduler-schedules',
          name: where,
          location: 'target',
          expression,
        });
      }
    } catch (error) {
      scan.gaps.push(describeGap(`${scan.source}: schedule ${where}`, error));
    }
  });
  return scan;
}
