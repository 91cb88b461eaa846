import { listAutoScaledServiceIds } from '../aws/autoscaling-targets.ts';
import { chunk } from '../aws/call-aws.ts';
import { getClusterName } from '../aws/ecs-arn.ts';
import {
  describeServices,
  describeServicesBatchSize,
  listClusterArns,
  listServiceArns,
  type ServiceSnapshot,
} from '../aws/ecs-services.ts';
import { matchesGlob } from '../config/glob.ts';
import type { ScaleConfig } from '../config/scale-section.ts';
import { runConcurrently } from '../runtime/run-concurrently.ts';
import type { ScaleTarget } from './policy/build-metric-queries.ts';
import type { ScaleServiceSnapshot } from './policy/scale-types.ts';
import { selectScaleRule } from './policy/select-scale-rule.ts';

/** What the tick knows of one selected service before reading its metrics. */
export type ScaleServiceFacts = {
  target: ScaleTarget;
  serviceArn: string;
  snapshot: ScaleServiceSnapshot;
  /** The PRIMARY deployment's ID (its tasks' `startedBy`); undefined for task-set services. */
  primaryDeploymentId: string | undefined;
  deploymentInProgress: boolean;
  managedElsewhere: boolean;
};

/** A service the tick could not describe: it is left untouched and reported. */
export type ScaleGatherFailure = { clusterName: string; service: string; reason: string };

/**
 * Which services exist and which Application Auto Scaling owns: what the listing calls return
 * (ListClusters, ListServices, DescribeScalableTargets). An invocation's later evaluations reuse
 * its first one's, and describe the services again for fresh counts.
 */
export type ScaleListing = {
  candidates: ReadonlyMap<string, readonly string[]>;
  /** Clusters whose services could not be listed. */
  failures: readonly ScaleGatherFailure[];
  autoScaled: ReadonlySet<string>;
};

/** The selected services of one tick, and the listing they were found in. */
export type ScaleInventory = {
  services: ScaleServiceFacts[];
  failures: ScaleGatherFailure[];
  listing?: ScaleListing;
};

/** A service named by a trigger (an alarm's dimensions): the tick looks at these only. */
export type ScaleServiceName = { clusterName: string; serviceName: string };

// DescribeServices lanes in flight at once; the pacer spaces them within ECS's read bucket.
const describeLanes = 8;

/**
 * Lists and describes the services the `scale:` section selects, 10 per DescribeServices call,
 * with what the decision needs: counts, tags, deployment state and whether Application Auto
 * Scaling owns the service. Services are matched by name before they are described, so an
 * unselected service costs nothing beyond its page of ListServices. A failed DescribeServices
 * call leaves its services out (reported as failures), never the whole tick.
 *
 * @param options.only restricts the tick to these services (an alarm's), skipping the listing.
 * @param options.listing an earlier evaluation's listing, reused instead of listing again.
 * @returns the selected services and the ones that could not be described or listed (a cluster
 *   whose ListServices fails is one failure, `service: '*'`, and the other clusters still scale).
 * @throws AwsCallError when listing clusters or scalable targets fails.
 *   Requires ecs:ListClusters, ecs:ListServices, ecs:DescribeServices,
 *   application-autoscaling:DescribeScalableTargets.
 */
export async function gatherScaleInventory(
  config: ScaleConfig,
  options: { only?: readonly ScaleServiceName[]; listing?: ScaleListing | undefined } = {},
): Promise<ScaleInventory> {
  const inventory: ScaleInventory = { services: [], failures: [] };
  if (config.services.length === 0) return inventory;
  const listFailures: ScaleGatherFailure[] = [...(options.listing?.failures ?? [])];
  const candidates =
    options.listing?.candidates ??
    (options.only ? groupByCluster(options.only) : await listCandidates(config, listFailures));
  inventory.failures.push(...listFailures);
  const selected = [...candidates].flatMap(([clusterName, names]) => {
    const wanted = names.filter((name) =>
      selectScaleRule(config, { clusterName, serviceName: lastSegment(name) }),
    );
    return chunk(wanted, describeServicesBatchSize).map((batch) => ({ clusterName, batch }));
  });
  if (selected.length === 0) return inventory;
  const autoScaled = options.listing?.autoScaled ?? (await listAutoScaledServiceIds());
  inventory.listing = { candidates, failures: listFailures, autoScaled };
  await runConcurrently(selected, describeLanes, async ({ clusterName, batch }) => {
    try {
      const described = await describeServices(clusterName, batch);
      for (const failure of described.failures) {
        inventory.failures.push({ clusterName, service: failure.arn, reason: failure.reason });
      }
      for (const service of described.services) {
        const facts = toFacts(config, clusterName, service, autoScaled);
        if (facts) inventory.services.push(facts);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const service of batch) inventory.failures.push({ clusterName, service, reason });
    }
  });
  return inventory;
}

/**
 * Cluster name → service ARNs of the clusters some rule's cluster glob matches. A cluster that
 * cannot be listed (access denied, throttled past the retries) is a failure of its own: it must
 * not stop the tick for every other cluster.
 */
async function listCandidates(
  config: ScaleConfig,
  failures: ScaleGatherFailure[],
): Promise<Map<string, string[]>> {
  const clusterNames = (await listClusterArns()).flatMap((arn) => {
    const name = getClusterName(arn);
    const matched = name && config.services.some((rule) => matchesGlob(name, rule.match.cluster));
    return matched ? [name] : [];
  });
  const candidates = new Map<string, string[]>();
  await runConcurrently(clusterNames, describeLanes, async (clusterName) => {
    try {
      candidates.set(clusterName, await listServiceArns(clusterName));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push({ clusterName, service: '*', reason });
    }
  });
  return candidates;
}

function groupByCluster(services: readonly ScaleServiceName[]): Map<string, string[]> {
  const byCluster = new Map<string, string[]>();
  for (const { clusterName, serviceName } of services) {
    const names = byCluster.get(clusterName) ?? [];
    if (!names.includes(serviceName)) names.push(serviceName);
    byCluster.set(clusterName, names);
  }
  return byCluster;
}

/** A service ARN's name (both ARN formats end with it); a plain name is returned as is. */
function lastSegment(arnOrName: string): string {
  return arnOrName.slice(arnOrName.lastIndexOf('/') + 1);
}

function toFacts(
  config: ScaleConfig,
  clusterName: string,
  service: ServiceSnapshot,
  autoScaled: ReadonlySet<string>,
): ScaleServiceFacts | undefined {
  const serviceName = service.name;
  const rule = selectScaleRule(config, { clusterName, serviceName });
  // A DRAINING or INACTIVE service is being deleted: nothing to scale.
  if (rule === undefined || service.status !== 'ACTIVE') return undefined;
  const primary = service.deployments.find((deployment) => deployment.status === 'PRIMARY');
  return {
    target: { clusterName, serviceName, rule },
    serviceArn: service.arn,
    primaryDeploymentId: primary?.id || undefined,
    snapshot: {
      clusterName,
      serviceName,
      desiredCount: service.desiredCount,
      runningCount: service.runningCount,
      // Deployment data type: runningCount per deployment (PRIMARY is the most recent one).
      primaryRunningCount: primary?.runningCount ?? service.runningCount,
      tags: service.tags,
    },
    deploymentInProgress: isDeploymentInProgress(service),
    managedElsewhere: autoScaled.has(`service/${clusterName}/${serviceName}`),
  };
}

/**
 * A rolling deployment is in progress while more than one deployment (or task set) exists or
 * the only one is IN_PROGRESS (ECS reports rolloutState for rolling updates only). A single
 * FAILED deployment is over: the circuit breaker "will transition to a failed state and stop
 * launching new tasks" (DeploymentCircuitBreaker, ECS API Reference), so nothing will complete
 * it, and taking it as in progress would hold every scale-in until the next deploy.
 */
function isDeploymentInProgress(
  service: Pick<ServiceSnapshot, 'deployments' | 'taskSetTaskDefinitions'>,
): boolean {
  if (service.deployments.length > 1 || service.taskSetTaskDefinitions.length > 1) return true;
  return service.deployments[0]?.rolloutState === 'IN_PROGRESS';
}
