import {
  ClientException,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  paginateListTaskDefinitions,
} from '@aws-sdk/client-ecs';
import { AwsCallError } from '../runtime/errors.ts';
import { callAws, chunk, collectPages } from './call-aws.ts';
import { clientFor } from './clients.ts';
import { tagsToRecord } from './ecs-tags.ts';

/** The parts of a task-definition revision the functions decide on. */
export type TaskDefinitionDetails = {
  arn: string;
  family: string;
  revision: number;
  status: string;
  registeredAt: Date | undefined;
  deregisteredAt: Date | undefined;
  networkMode: string | undefined;
  /** Names of the containers whose exit stops the task. */
  essentialContainers: string[];
  /**
   * Containers that serve the others rather than do the work: the FireLens log router
   * (`firelensConfiguration`), the App Mesh proxy (`proxyConfiguration.containerName`), and any
   * container another one `dependsOn` (a workload waits for its sidecars to start).
   */
  sidecarContainers: string[];
  /** The roles RunTask passes to ECS for tasks of this revision (names or ARNs, as registered). */
  taskRoleArn: string | undefined;
  executionRoleArn: string | undefined;
  /** Volumes marked `configuredAtLaunch`: RunTask must configure them (`volumeConfigurations`). */
  launchConfiguredVolumes: string[];
  tags: Record<string, string>;
};

/** The statuses ListTaskDefinitions filters on. */
export type ListableRevisionStatus = 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';

/** DeleteTaskDefinitions takes at most 10 revisions a call. */
export const deleteBatchSize = 10;

/**
 * Lists task-definition ARNs of one status in revision order, 100 a page.
 * Without `familyPrefix` this is one ordered scan of the whole account.
 * Requires ecs:ListTaskDefinitions.
 */
export function listTaskDefinitionArns(options: {
  status: ListableRevisionStatus;
  familyPrefix?: string;
  sort?: 'ASC' | 'DESC';
}): Promise<string[]> {
  const pages = paginateListTaskDefinitions(
    { client: clientFor(ECSClient, { paced: true }), pageSize: 100 },
    { status: options.status, familyPrefix: options.familyPrefix, sort: options.sort ?? 'ASC' },
  );
  return collectPages('ListTaskDefinitions', pages, (page) => page.taskDefinitionArns);
}

/**
 * Describes one revision (with its tags). Revisions are immutable, so callers may cache the answer.
 * Requires ecs:DescribeTaskDefinition.
 */
export async function describeTaskDefinition(arn: string): Promise<TaskDefinitionDetails> {
  const response = await callAws('DescribeTaskDefinition', () =>
    clientFor(ECSClient, { paced: true }).send(
      new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }),
    ),
  );
  const definition = response.taskDefinition;
  if (!definition?.taskDefinitionArn || !definition.family || definition.revision === undefined) {
    throw new AwsCallError('DescribeTaskDefinition', new Error(`incomplete answer for ${arn}`));
  }
  const containers = definition.containerDefinitions ?? [];
  return {
    arn: definition.taskDefinitionArn,
    family: definition.family,
    revision: definition.revision,
    status: definition.status ?? 'UNKNOWN',
    registeredAt: definition.registeredAt,
    deregisteredAt: definition.deregisteredAt,
    networkMode: definition.networkMode,
    essentialContainers: containers
      // ECS treats a container with no `essential` flag as essential.
      .filter((container) => container.essential !== false)
      .flatMap((container) => (container.name ? [container.name] : [])),
    sidecarContainers: [
      ...new Set([
        ...containers.flatMap((c) => (c.firelensConfiguration && c.name ? [c.name] : [])),
        ...(definition.proxyConfiguration?.containerName
          ? [definition.proxyConfiguration.containerName]
          : []),
        ...containers.flatMap((c) => (c.dependsOn ?? []).flatMap((d) => d.containerName ?? [])),
      ]),
    ],
    taskRoleArn: definition.taskRoleArn,
    executionRoleArn: definition.executionRoleArn,
    launchConfiguredVolumes: (definition.volumes ?? []).flatMap((volume) =>
      volume.configuredAtLaunch && volume.name ? [volume.name] : [],
    ),
    tags: tagsToRecord(response.tags),
  };
}

/**
 * Deregisters one revision (ACTIVE to INACTIVE).
 * @returns `'already-inactive'` when ECS says the revision is no longer active: the goal is met.
 * @throws AwsCallError for any other failure.
 * Requires ecs:DeregisterTaskDefinition.
 */
export async function deregisterTaskDefinition(
  arn: string,
): Promise<'deregistered' | 'already-inactive'> {
  try {
    await clientFor(ECSClient, { paced: true }).send(
      new DeregisterTaskDefinitionCommand({ taskDefinition: arn }),
    );
    return 'deregistered';
  } catch (error) {
    if (error instanceof ClientException && /inactive|not active|delet/i.test(error.message)) {
      return 'already-inactive';
    }
    return callAws('DeregisterTaskDefinition', () => Promise.reject(error));
  }
}

export type DeleteFailure = { arn: string; reason: string };
export type DeleteResult = { deleted: string[]; failures: DeleteFailure[] };

/**
 * Deletes INACTIVE revisions, 10 a call. Per-revision refusals come back in `failures` rather
 * than as an error, because the others in the batch were deleted.
 * Requires ecs:DeleteTaskDefinitions.
 */
export async function deleteTaskDefinitions(arns: readonly string[]): Promise<DeleteResult> {
  const result: DeleteResult = { deleted: [], failures: [] };
  for (const batch of chunk(arns, deleteBatchSize)) {
    const response = await callAws('DeleteTaskDefinitions', () =>
      clientFor(ECSClient, { paced: true }).send(
        new DeleteTaskDefinitionsCommand({ taskDefinitions: batch }),
      ),
    );
    for (const definition of response.taskDefinitions ?? []) {
      if (definition.taskDefinitionArn) result.deleted.push(definition.taskDefinitionArn);
    }
    for (const failure of response.failures ?? []) {
      result.failures.push({
        arn: failure.arn ?? 'unknown',
        reason: [failure.reason, failure.detail].filter(Boolean).join(': ') || 'unknown',
      });
    }
  }
  return result;
}
