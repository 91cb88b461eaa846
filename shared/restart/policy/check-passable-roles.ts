import type { TaskOverrides } from '../task-overrides.ts';
import type { TaskDefinitionFacts } from './decide-restart.ts';
import { matchesTextGlob } from './match-text-glob.ts';

/** Where the function may pass roles: the stage's pattern, in the account and partition it runs in. */
export type PassableRoles = {
  /** Role names (with path) the function's `iam:PassRole` grant covers: IAM wildcards `*`, `?`. */
  passableRoleNames: string;
  account: string;
  partition: string;
};

/**
 * The roles RunTask passes to ECS for a task: the task and execution roles of its overrides, else
 * of its task definition (as registered: a role name or an ARN).
 */
export function listPassedRoles(
  overrides: Pick<TaskOverrides, 'taskRoleArn' | 'executionRoleArn'> | undefined,
  definition: Pick<TaskDefinitionFacts, 'taskRoleArn' | 'executionRoleArn'>,
): string[] {
  const task = overrides?.taskRoleArn ?? definition.taskRoleArn;
  const execution = overrides?.executionRoleArn ?? definition.executionRoleArn;
  return [task, execution].filter((role): role is string => role !== undefined && role !== '');
}

/**
 * The roles of `roles` the function may not pass, as ARNs: those outside its account or
 * partition, and those whose name (with path) the `passableRoleNames` pattern does not match,
 * exactly as the template's grant `arn:<partition>:iam::<account>:role/<passableRoleNames>`
 * reads them. A name without `arn:` is a role of the account (ECS accepts either).
 *
 * @returns an empty list when every role may be passed.
 */
export function findUnpassableRoles(roles: readonly string[], passable: PassableRoles): string[] {
  const prefix = `arn:${passable.partition}:iam::${passable.account}:role/`;
  return roles
    .map((role) => (role.startsWith('arn:') ? role : `${prefix}${role}`))
    .filter(
      (arn) =>
        !arn.startsWith(prefix) ||
        !matchesTextGlob(passable.passableRoleNames, arn.slice(prefix.length)),
    );
}

/** The partition and account of an ECS ARN (a cluster or a task), or undefined. */
export function readArnScope(arn: string): { partition: string; account: string } | undefined {
  const match = /^arn:([a-z-]+):ecs:[a-z0-9-]+:(\d{12}):/.exec(arn);
  return match?.[1] && match[2] ? { partition: match[1], account: match[2] } : undefined;
}
