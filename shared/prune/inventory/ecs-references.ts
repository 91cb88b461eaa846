import { describeServices, listClusterArns, listServiceArns } from '../../aws/ecs-services.ts';
import { describeStoppedTasks } from '../../aws/ecs-stopped-tasks.ts';
import { describeTaskRevisions, listTaskArns } from '../../aws/ecs-tasks.ts';
import type { RestartConfig } from '../../config/restart-section.ts';
import { runConcurrently } from '../../runtime/run-concurrently.ts';
import { isPendingRestart } from '../policy/index.ts';
import { describeGap, nameOfArn } from './describe-gap.ts';
import { type SourceScan, startScan } from './source-scan.ts';

/** What the ECS sources found, and the clusters (undefined when they could not be listed). */
export type EcsScans = {
  clusters: string[] | undefined;
  services: SourceScan;
  tasks: SourceScan;
  restarts: SourceScan;
};

/** When and how restarts may still be pending (see {@link isPendingRestart}). */
export type PendingRestartOptions = {
  now: Date;
  restart: Pick<RestartConfig, 'select'>;
  windowMs: number;
};

/** Clusters scanned at once; each one's services and tasks are read in parallel under the pacer. */
const clusterConcurrency = 4;

/**
 * ECS answers `MISSING` for a service or task that no longer exists between the list and the
 * describe: it references nothing any more. Any other failure reason is an unknown, so a gap.
 */
const goneReason = 'MISSING';

/**
 * Reads every ECS place a revision is in use, cluster by cluster: each service's own
 * `taskDefinition`, its deployments (any status, scaled to 0 included) and task sets; RUNNING and
 * PENDING tasks; and stopped tasks a restart may still run again. A failed read is a gap of its
 * source, never a throw.
 *
 * @returns one scan per source, and the clusters for the sources that look up targets by cluster.
 */
export async function scanEcsReferences(pending: PendingRestartOptions): Promise<EcsScans> {
  const scans: EcsScans = {
    clusters: undefined,
    services: startScan('ecs-services'),
    tasks: startScan('ecs-tasks'),
    restarts: startScan('pending-restarts'),
  };
  try {
    scans.clusters = await listClusterArns();
  } catch (error) {
    for (const scan of [scans.services, scans.tasks, scans.restarts]) {
      scan.gaps.push(describeGap(`${scan.source}: clusters`, error));
    }
    return scans;
  }
  await runConcurrently(scans.clusters, clusterConcurrency, async (cluster) => {
    await Promise.all([
      scanServices(cluster, scans.services),
      scanTasks(cluster, scans.tasks),
      scanStoppedTasks(cluster, scans.restarts, pending),
    ]);
  });
  return scans;
}

async function scanServices(cluster: string, scan: SourceScan): Promise<void> {
  const where = `${scan.source}: cluster ${nameOfArn(cluster)}`;
  try {
    const { services, failures } = await describeServices(cluster, await listServiceArns(cluster));
    scan.scanned += services.length;
    for (const service of services) {
      // The service's own field, besides its deployments: a current revision must never look
      // unused because a deployment list was short.
      if (service.taskDefinition) scan.refs.push(service.taskDefinition);
      for (const deployment of service.deployments) {
        if (deployment.taskDefinition) scan.refs.push(deployment.taskDefinition);
        else scan.gaps.push(`${where}: service ${service.name} has a deployment without revision`);
      }
      scan.refs.push(...service.taskSetTaskDefinitions);
    }
    for (const failure of failures) {
      if (failure.reason !== goneReason) {
        scan.gaps.push(`${where}: service ${nameOfArn(failure.arn)} ${failure.reason}`);
      }
    }
  } catch (error) {
    scan.gaps.push(describeGap(where, error));
  }
}

async function scanTasks(cluster: string, scan: SourceScan): Promise<void> {
  const where = `${scan.source}: cluster ${nameOfArn(cluster)}`;
  try {
    // A PENDING task's desiredStatus is RUNNING (ECS never sets it to PENDING), so this one
    // listing covers both; a PENDING listing would always be empty.
    const arns = await listTaskArns(cluster, { desiredStatus: 'RUNNING' });
    const { tasks, failures } = await describeTaskRevisions(cluster, arns);
    scan.scanned += tasks.length;
    for (const task of tasks) {
      if (task.taskDefinitionArn) scan.refs.push(task.taskDefinitionArn);
      else scan.gaps.push(`${where}: task ${nameOfArn(task.taskArn ?? '?')} without revision`);
    }
    reportFailures(where, failures, scan);
  } catch (error) {
    scan.gaps.push(describeGap(where, error));
  }
}

/**
 * Stopped tasks stay listed for a while after they stop ("recently stopped tasks might appear",
 * in practice about an hour: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html),
 * which covers the default restart window (45 minutes); a longer window is best effort.
 */
async function scanStoppedTasks(
  cluster: string,
  scan: SourceScan,
  pending: PendingRestartOptions,
): Promise<void> {
  const where = `${scan.source}: cluster ${nameOfArn(cluster)}`;
  try {
    const arns = await listTaskArns(cluster, { desiredStatus: 'STOPPED' });
    const { tasks, failures } = await describeStoppedTasks(cluster, arns);
    scan.scanned += tasks.length;
    const options = { now: pending.now.getTime(), windowMs: pending.windowMs };
    for (const task of tasks) {
      const { taskDefinitionArn } = task;
      if (taskDefinitionArn === undefined) {
        scan.gaps.push(`${where}: task ${nameOfArn(task.taskArn)} without revision`);
        continue;
      }
      const stopped = { ...task, taskDefinitionArn, clusterName: nameOfArn(cluster) };
      if (isPendingRestart(stopped, pending.restart, options)) scan.refs.push(taskDefinitionArn);
    }
    reportFailures(where, failures, scan);
  } catch (error) {
    scan.gaps.push(describeGap(where, error));
  }
}

function reportFailures(
  where: string,
  failures: readonly { arn: string; reason: string }[],
  scan: SourceScan,
): void {
  for (const failure of failures) {
    if (failure.reason !== goneReason) {
      scan.gaps.push(`${where}: task ${nameOfArn(failure.arn)} ${failure.reason}`);
    }
  }
}
