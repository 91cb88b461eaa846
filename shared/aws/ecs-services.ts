import {
  DescribeServicesCommand,
  ECSClient,
  paginateListClusters,
  paginateListServices,
  type Service,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { callAws, collectPages, mapBatches } from './call-aws.ts';
import { clientFor } from './clients.ts';
import { tagsToRecord } from './ecs-tags.ts';

/** What the functions need to know of a service. */
export type ServiceSnapshot = {
  arn: string;
  name: string;
  clusterArn: string;
  status: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  /** The service's own `taskDefinition` (its primary deployment's revision); undefined for task sets. */
  taskDefinition: string | undefined;
  /**
   * Every deployment (PRIMARY, ACTIVE, draining) with its revision, rollout state and its own
   * task counts (the service's counts add them up during a rollout).
   */
  deployments: {
    id: string;
    status: string;
    taskDefinition: string;
    rolloutState: string | undefined;
    runningCount: number | undefined;
    pendingCount: number | undefined;
  }[];
  /** Task sets of EXTERNAL and CODE_DEPLOY deployment controllers. */
  taskSetTaskDefinitions: string[];
  tags: Record<string, string>;
};

export type DescribeServicesResult = {
  services: ServiceSnapshot[];
  /** Services ECS could not describe (for example MISSING), with its reason. */
  failures: { arn: string; reason: string }[];
};

/** DescribeServices takes at most 10 services a call. */
export const describeServicesBatchSize = 10;

/**
 * DescribeServices calls of one describe in flight at once. A real service answer carries its
 * last 100 service events, so each answer is reduced to snapshots before its lane calls again.
 */
const describeLanes = 4;

/** Lists every cluster ARN of the account and Region. Requires ecs:ListClusters. */
export function listClusterArns(): Promise<string[]> {
  const pages = paginateListClusters(
    { client: clientFor(ECSClient, { paced: true }), pageSize: 100 },
    {},
  );
  return collectPages('ListClusters', pages, (page) => page.clusterArns);
}

/** Lists the service ARNs of one cluster, 100 a page. Requires ecs:ListServices. */
export function listServiceArns(cluster: string): Promise<string[]> {
  const pages = paginateListServices(
    { client: clientFor(ECSClient, { paced: true }), pageSize: 100 },
    { cluster },
  );
  return collectPages('ListServices', pages, (page) => page.serviceArns);
}

/**
 * Describes services 10 a call, with tags. Failures are returned, not thrown, so the caller can
 * decide whether its inventory is complete. Requires ecs:DescribeServices.
 */
export async function describeServices(
  cluster: string,
  serviceArns: readonly string[],
): Promise<DescribeServicesResult> {
  const answers = await mapBatches(
    serviceArns,
    { size: describeServicesBatchSize, lanes: describeLanes },
    async (services) => {
      const response = await callAws('DescribeServices', () =>
        clientFor(ECSClient, { paced: true }).send(
          new DescribeServicesCommand({ cluster, services, include: ['TAGS'] }),
        ),
      );
      return {
        services: (response.services ?? []).map(toServiceSnapshot),
        failures: (response.failures ?? []).map((failure) => ({
          arn: failure.arn ?? 'unknown',
          reason: failure.reason ?? 'unknown',
        })),
      };
    },
  );
  return {
    services: answers.flatMap((answer) => answer.services),
    failures: answers.flatMap((answer) => answer.failures),
  };
}

function toServiceSnapshot(service: Service): ServiceSnapshot {
  return {
    arn: service.serviceArn ?? '',
    name: service.serviceName ?? '',
    clusterArn: service.clusterArn ?? '',
    status: service.status ?? 'UNKNOWN',
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    taskDefinition: service.taskDefinition,
    deployments: (service.deployments ?? []).map((deployment) => ({
      id: deployment.id ?? '',
      status: deployment.status ?? 'UNKNOWN',
      taskDefinition: deployment.taskDefinition ?? '',
      rolloutState: deployment.rolloutState,
      runningCount: deployment.runningCount,
      pendingCount: deployment.pendingCount,
    })),
    taskSetTaskDefinitions: (service.taskSets ?? []).flatMap((set) =>
      set.taskDefinition ? [set.taskDefinition] : [],
    ),
    tags: tagsToRecord(service.tags),
  };
}

/**
 * Sets a service's desired count. Requires ecs:UpdateService.
 * @throws AwsCallError when ECS refuses.
 */
export async function updateServiceDesiredCount(
  cluster: string,
  service: string,
  desiredCount: number,
): Promise<void> {
  await callAws('UpdateService', () =>
    clientFor(ECSClient, { paced: true }).send(
      new UpdateServiceCommand({ cluster, service, desiredCount }),
    ),
  );
}
