/**
 * The stopped tasks that the recorded `ECS Task State Change` events of events/ name, as scenario
 * tasks with the same id, cluster, revision, stop code and exit codes, so that
 * `ecs-autopilot explain events/task-stopped-….json` and `serverless invoke local --path events/…`
 * find their task in the playground's account (ECS keeps a stopped task describable for about an
 * hour: these are seeded as just stopped).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioInput } from '../../simulator/scenario.ts';

type ScenarioTask = NonNullable<ScenarioInput['tasks']>[number];
type EventContainer = { name: string; exitCode?: number };
type EventDetail = {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  lastStatus: string;
  group?: string;
  startedBy?: string;
  launchType?: string;
  capacityProviderName?: string;
  stopCode?: string;
  stoppedReason?: string;
  containers: EventContainer[];
  attachments?: { type: string; details: { name: string; value: string }[] }[];
};

/** The folder of the recorded events. */
export const eventsFolder = new URL('../../events/', import.meta.url);

/**
 * Tags of the tasks that recorded DescribeTasks answers (events/responses/describe-tasks-*.json)
 * show, by task ARN; `aws:` tags are ECS's own and cannot be set.
 */
function recordedTags(): Map<string, Record<string, string>> {
  const folder = new URL('responses/', eventsFolder).pathname;
  const tags = new Map<string, Record<string, string>>();
  for (const file of readdirSync(folder).filter((name) => name.startsWith('describe-tasks-'))) {
    const answer = JSON.parse(readFileSync(join(folder, file), 'utf8')) as {
      tasks?: { taskArn: string; tags?: { key: string; value: string }[] }[];
    };
    for (const task of answer.tasks ?? []) {
      const own = (task.tags ?? []).filter((tag) => !tag.key.startsWith('aws:'));
      tags.set(task.taskArn, Object.fromEntries(own.map((tag) => [tag.key, tag.value])));
    }
  }
  return tags;
}

/** One scenario task per stopped task the events name (a task named twice is seeded once). */
export function listFixtureTasks(): ScenarioTask[] {
  const tasks = new Map<string, ScenarioTask>();
  const tags = recordedTags();
  const files = readdirSync(eventsFolder).filter((file) => /^task-.*\.json$/.test(file));
  for (const file of files.sort()) {
    const event = JSON.parse(readFileSync(join(eventsFolder.pathname, file), 'utf8')) as {
      detail: Omit<EventDetail, 'taskArn'> & { taskArn?: string };
      resources?: string[];
    };
    // Some real TaskFailedToStart events carry the task ARN only in `resources`.
    const taskArn = event.detail.taskArn ?? event.resources?.[0];
    if (taskArn === undefined) continue;
    const detail: EventDetail = { ...event.detail, taskArn };
    // The simulator gives every task a new-format ARN (task/CLUSTER/ID); an old-format one
    // (task/UUID) could not be found under the ARN its event names, so it is not seeded.
    if (detail.lastStatus !== 'STOPPED' || detail.taskArn.split('/').length !== 3) continue;
    const task = { ...toScenarioTask(detail), tags: tags.get(detail.taskArn) ?? {} };
    tasks.set(task.id ?? file, task);
  }
  return [...tasks.values()];
}

function toScenarioTask(detail: EventDetail): ScenarioTask {
  const exitCodes = Object.fromEntries(
    detail.containers.flatMap((container) =>
      container.exitCode === undefined ? [] : [[container.name, container.exitCode]],
    ),
  );
  const subnets = (detail.attachments ?? [])
    .filter((attachment) => attachment.type === 'eni')
    .flatMap((attachment) => attachment.details)
    .filter((entry) => entry.name === 'subnetId')
    .map((entry) => entry.value);
  const provider = detail.capacityProviderName ?? '';
  return {
    id: detail.taskArn.split('/').pop() ?? '',
    cluster: detail.clusterArn.split('/').pop() ?? 'default',
    taskDefinition: detail.taskDefinitionArn.split('/').pop() ?? '',
    lastStatus: 'STOPPED',
    ...(provider.includes('SPOT')
      ? { capacityProviderStrategy: [{ capacityProvider: provider }] }
      : { launchType: detail.launchType === 'FARGATE' ? 'FARGATE' : 'EC2' }),
    ...(detail.group === undefined ? {} : { group: detail.group }),
    ...(detail.startedBy === undefined ? {} : { startedBy: detail.startedBy }),
    ...(subnets.length === 0 ? {} : { networkConfiguration: { awsvpcConfiguration: { subnets } } }),
    ...(detail.stopCode === undefined
      ? {}
      : { stopCode: detail.stopCode as ScenarioTask['stopCode'] }),
    ...(detail.stoppedReason === undefined ? {} : { stoppedReason: detail.stoppedReason }),
    exitCodes,
    age: '10m',
  };
}
