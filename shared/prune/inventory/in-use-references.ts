import { describeServices, listClusterArns, listServiceArns } from '../../aws/ecs-services.ts';
import { describeTaskRevisions, listTaskArns } from '../../aws/ecs-tasks.ts';
import { listScheduledTaskDefinitions } from '../../aws/eventbridge-rule-targets.ts';
import { runConcurrently } from '../../runtime/run-concurrently.ts';
import { describeGap, nameOfArn } from './describe-gap.ts';

/** References found by a scan, and what the scan could not read. */
export type ReferenceScan = {
  /** Task-definition ARNs (or family-only ARNs for schedules that run the latest revision). */
  refs: Set<string>;
  /** One line per read that failed; any line makes the inventory incomplete. */
  gaps: string[];
};

/** Clusters scanned at once; each one's services and tasks are read in parallel under the pacer. */
const clusterConcurrency = 4;

/**
 * ECS answers `MISSING` for a service or task that no longer exists between the list and the
 * describe: it references nothing any more. Any other failure reason is an unknown, so a gap.
 */
const goneReason = 'MISSING';

/**
 * Lists every task definition in use in the account and Region: every deployment of every
 * service (any status, scaled to 0 included), task sets, RUNNING and PENDING tasks, and the
 * targets of EventBridge rules that run tasks on a cluster.
 *
 * A failed read never throws: it becomes a gap, and any gap keeps the run from removing anything,
 * because a revision referenced by what could not be read would look unused.
 *
 * @returns the references found and the gaps.
 */
export async function listInUseReferences(): Promise<ReferenceScan> {
  const scan: ReferenceScan = { refs: new Set(), gaps: [] };
  let clusters: string[];
  try {
    clusters = await listClusterArns();
  } catch (error) {
    scan.gaps.push(describeGap('clusters', error));
    return scan;
  }
  await Promise.all([
    runConcurrently(clusters, clusterConcurrency, (cluster) =>
      Promise.all([scanServices(cluster, scan), scanTasks(cluster, scan)]).then(() => undefined),
    ),
    scanSchedules(clusters, scan),
  ]);
  return scan;
}

async function scanServices(cluster: string, scan: ReferenceScan): Promise<void> {
  const where = `cluster ${nameOfArn(cluster)}`;
  try {
    const { services, failures } = await describeServices(cluster, await listServiceArns(cluster));
    for (const service of services) {
      for (const deployment of service.deployments) {
        if (deployment.taskDefinition) scan.refs.add(deployment.taskDefinition);
        else scan.gaps.push(`${where}: service ${service.name} has a deployment without revision`);
      }
      for (const taskDefinition of service.taskSetTaskDefinitions) scan.refs.add(taskDefinition);
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

async function scanTasks(cluster: string, scan: ReferenceScan): Promise<void> {
  const where = `cluster ${nameOfArn(cluster)}`;
  try {
    // A PENDING task's desiredStatus is RUNNING (ECS never sets it to PENDING), so this one
    // listing covers both; a PENDING listing would always be empty.
    const arns = await listTaskArns(cluster, { desiredStatus: 'RUNNING' });
    const { tasks, failures } = await describeTaskRevisions(cluster, arns);
    for (const task of tasks) {
      if (task.taskDefinitionArn) scan.refs.add(task.taskDefinitionArn);
      else scan.gaps.push(`${where}: task ${nameOfArn(task.taskArn ?? '?')} without revision`);
    }
    for (const failure of failures) {
      if (failure.reason !== goneReason) {
        scan.gaps.push(`${where}: task ${nameOfArn(failure.arn)} ${failure.reason}`);
      }
    }
  } catch (error) {
    scan.gaps.push(describeGap(where, error));
  }
}

async function scanSchedules(clusters: readonly string[], scan: ReferenceScan): Promise<void> {
  try {
    for (const ref of await listScheduledTaskDefinitions(clusters)) scan.refs.add(ref);
  } catch (error) {
    scan.gaps.push(describeGap('scheduled tasks', error));
  }
}
