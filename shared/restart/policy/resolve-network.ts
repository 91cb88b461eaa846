import type { RestartConfig } from '../../config/restart-section.ts';
import type { RestartTags } from '../restart-tags.ts';
import type { AwsVpcConfiguration } from '../run-task-input.ts';
import type { TaskStateChange } from '../task-state-change.ts';
import { matchesSelector } from './resolve-restart-mode.ts';

/** Network needs of a restart: none (not awsvpc), known, or unknown (→ skip, never guess). */
export type NetworkResolution =
  | { kind: 'not-needed' }
  | { kind: 'known'; awsvpcConfiguration: AwsVpcConfiguration }
  | { kind: 'unknown'; missing: ('subnets' | 'securityGroups')[] };

/**
 * Rebuilds the awsvpc configuration of a task. The task needs one when its task definition uses
 * awsvpc or it had an ENI. Security groups come from the `ecs-autopilot:security-groups` tag, else
 * the first matching `network` rule; subnets from that rule, else the task's own ENI subnet. A
 * missing piece is `unknown`: RunTask without security groups would silently use the VPC's
 * default security group, which is exactly what must never happen.
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
  const securityGroups = tags.securityGroups ?? rule?.securityGroups;
  const subnets = rule?.subnets ?? task.networkAttachment?.subnetIds ?? [];
  if (securityGroups === undefined || subnets.length === 0) {
    const missing: ('subnets' | 'securityGroups')[] = [];
    if (subnets.length === 0) missing.push('subnets');
    if (securityGroups === undefined) missing.push('securityGroups');
    return { kind: 'unknown', missing };
  }
  return {
    kind: 'known',
    awsvpcConfiguration: {
      subnets: [...subnets],
      securityGroups: [...securityGroups],
      // A public IP is never assumed: the original's is not in the event (default DISABLED).
      assignPublicIp: rule?.assignPublicIp ?? 'DISABLED',
    },
  };
}
