import { RESTART_TAG_KEYS, type Tag } from '../restart-tags.ts';
import type { RunTaskInput } from '../run-task-input.ts';
import type { TaskOverrides } from '../task-overrides.ts';
import type { TaskStateChange } from '../task-state-change.ts';
import { computeClientToken } from './compute-client-token.ts';
import type { RestartDecision } from './restart-decision.ts';

/** The value every restarted task carries in `startedBy`, and the ListTasks filter for history. */
export const STARTED_BY = 'ecs-autopilot';

/** ECS allows 50 user tags per task; two are reserved for lineage and attempt. */
const MAX_COPIED_TAGS = 48;

/**
 * Rebuilds the RunTask request that runs the stopped task again: same cluster, task definition,
 * group, platform version, overrides and execute-command setting; capacity and awsvpc network
 * from the decision; the old tags minus `aws:` ones (ECS refuses them; ECS-managed tags are
 * re-enabled instead) with lineage and attempt replaced; a deterministic `clientToken`.
 * Returns a plain object (SDK-compatible) that the handler sends as is.
 */
export function buildRunTaskInput(
  task: TaskStateChange,
  tags: readonly Tag[],
  decision: Extract<RestartDecision, { action: 'restart' }>,
): RunTaskInput {
  const capacity = decision.capacity;
  const input: RunTaskInput = {
    cluster: task.clusterArn,
    taskDefinition: task.taskDefinitionArn,
    count: 1,
    ...('capacityProviderStrategy' in capacity
      ? { capacityProviderStrategy: capacity.capacityProviderStrategy.map((i) => ({ ...i })) }
      : capacity.launchType !== undefined
        ? { launchType: toLaunchType(capacity.launchType) }
        : {}),
    ...(task.platformVersion !== undefined ? { platformVersion: task.platformVersion } : {}),
    ...(task.group !== undefined ? { group: task.group } : {}),
    ...(hasOverrides(task.overrides) ? { overrides: structuredClone(task.overrides) } : {}),
    ...(task.enableExecuteCommand ? { enableExecuteCommand: true } : {}),
    ...(tags.some((t) => t.key.toLowerCase().startsWith('aws:ecs:'))
      ? { enableECSManagedTags: true }
      : {}),
    ...(decision.network !== undefined
      ? { networkConfiguration: { awsvpcConfiguration: structuredClone(decision.network) } }
      : {}),
    tags: buildTags(tags, decision.lineage, decision.attempt),
    startedBy: STARTED_BY,
    clientToken: computeClientToken(task.taskArn, decision.attempt),
  };
  return input;
}

function buildTags(tags: readonly Tag[], lineage: string, attempt: number): Tag[] {
  const own: string[] = [RESTART_TAG_KEYS.lineage, RESTART_TAG_KEYS.attempt];
  const copied = tags
    .filter((t) => !t.key.toLowerCase().startsWith('aws:') && !own.includes(t.key))
    .slice(0, MAX_COPIED_TAGS)
    .map((t) => ({ key: t.key, value: t.value }));
  return [
    ...copied,
    { key: RESTART_TAG_KEYS.lineage, value: lineage },
    { key: RESTART_TAG_KEYS.attempt, value: String(attempt) },
  ];
}

function hasOverrides(overrides: TaskOverrides): boolean {
  return Object.entries(overrides).some(([key, value]) =>
    key === 'containerOverrides' ? Array.isArray(value) && value.length > 0 : value !== undefined,
  );
}

const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'] as const;

function toLaunchType(value: string): RunTaskInput['launchType'] {
  return LAUNCH_TYPES.find((t) => t === value);
}
