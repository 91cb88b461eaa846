/**
 * ARN helpers for the identifiers ECS events carry. Task ARNs come in two formats: the current
 * one `arn:aws:ecs:region:account:task/<cluster>/<id>` and the old one without the cluster segment
 * `arn:aws:ecs:region:account:task/<id>` (still emitted for accounts that never opted in to the
 * long ARN format), so the task id is always the last path segment.
 */

const PARTITION = '(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
const PREFIX = `^arn:${PARTITION}:ecs:[a-z0-9-]+:\\d{12}:`;
const NAME = '[A-Za-z0-9_-]{1,255}';

/** Matches both task ARN formats; group 1 is the cluster name (new format only), group 2 the id. */
export const TASK_ARN_PATTERN = new RegExp(`${PREFIX}task/(?:(${NAME})/)?([A-Za-z0-9-]{1,64})$`);
/** Matches a cluster ARN; group 1 is the cluster name. */
export const CLUSTER_ARN_PATTERN = new RegExp(`${PREFIX}cluster/(${NAME})$`);
/** Matches a task definition ARN; group 1 is the family, group 2 the revision. */
export const TASK_DEFINITION_ARN_PATTERN = new RegExp(`${PREFIX}task-definition/(${NAME}):(\\d+)$`);

/**
 * Returns the task id (last segment) of a task ARN in either format.
 * Returns `undefined` when the string is not a task ARN.
 */
export function getTaskId(taskArn: string): string | undefined {
  return TASK_ARN_PATTERN.exec(taskArn)?.[2];
}

/** Returns the cluster name of a cluster ARN, or `undefined` when it is not one. */
export function getClusterName(clusterArn: string): string | undefined {
  return CLUSTER_ARN_PATTERN.exec(clusterArn)?.[1];
}

/** Returns the family of a task definition ARN, or `undefined` when it is not one. */
export function getTaskDefinitionFamily(taskDefinitionArn: string): string | undefined {
  return TASK_DEFINITION_ARN_PATTERN.exec(taskDefinitionArn)?.[1];
}
