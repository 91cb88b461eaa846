import type { RestartConfig } from '../../config/restart-section.ts';
import type { RestartTags } from '../restart-tags.ts';
import type { AwsVpcConfiguration } from '../run-task-input.ts';
import type { TaskStateChange } from '../task-state-change.ts';
import { matchesSelector } from './resolve-restart-mode.ts';

/** Network needs of a restart: none (not awsvpc), known, or unknown (→ skip, never guess). */
export type NetworkResolution =
  | { kind: 'not-needed' }
  | { kind: 'known'; awsvpcConfiguration: AwsVpcConfiguration }
  | { kind: 'unknown'; missing: ('subnets' | 'securityGroups' | 'assignPublicIp')[] };

/** Launch types whose tasks can never have a public IP (awsvpc on EC2 instances, ECS Anywhere). */
const NO_PUBLIC_IP_LAUNCH_TYPES: readonly string[] = ['EC2', 'EXTERNAL'];

/**
 * Rebuilds the awsvpc configuration of a task. The task needs one when its task definition uses
 * awsvpc or it had an ENI. Security groups and the public IP come together from one source: the
 * `ecs-autopilot:security-groups` and `ecs-autopilot:assign-public-ip` tags, else the first
 * matching `network` rule; subnets from that rule, else the task's own ENI subnet. A missing
 * piece is `unknown`: RunTask without security groups would silently use the VPC's default
 * security group, and without `assignPublicIp` it gives a Fargate task none (a task in a public
 * subnet without NAT then cannot pull its image). Only Fargate tasks can have a public IP
 * ("Assign public IP is not supported for this launch type" on EC2), so an EC2 or EXTERNAL task
 * is DISABLED unless its source says otherwise.
 */
export function resolveNetwork(
  task: TaskStateChange,
  networkMode: string | undefined,
  tags: RestartTags,
  config: Pick<RestartConfig, 'network'>,
): NetworkResolution {
  if (networkMode !== 'awsvpc' && task.networkAttachment === undefined)
    return { kind: 'not-needed' };
  const rule = config.network.find((r) => matchesSelector(r, task));
  const source = tags.securityGroups !== undefined ? tags : rule;
  const securityGroups = source?.securityGroups;
  const subnets = rule?.subnets ?? task.networkAttachment?.subnetIds ?? [];
  const publicIpPossible = !NO_PUBLIC_IP_LAUNCH_TYPES.includes(task.launchType ?? '');
  const assignPublicIp = source?.assignPublicIp ?? (publicIpPossible ? undefined : 'DISABLED');
  const missing: ('subnets' | 'securityGroups' | 'assignPublicIp')[] = [];
  if (subnets.length === 0) missing.push('subnets');
  if (securityGroups === undefined) missing.push('securityGroups');
  if (assignPublicIp === undefined) missing.push('assignPublicIp');
  if (securityGroups === undefined || assignPublicIp === undefined || missing.length > 0) {
    return { kind: 'unknown', missing };
  }
  return {
    kind: 'known',
    awsvpcConfiguration: {
      subnets: [...subnets],
      securityGroups: [...securityGroups],
      assignPublicIp,
    },
  };
}
