/** Loads the restart fixtures from `events/` (fresh copies every call, so tests cannot leak). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type RestartConfig,
  restartSectionSchema,
} from '../../../../shared/config/restart-section.ts';
import type { DelayedRestartMessage } from '../../../../shared/restart/delayed-restart-message.ts';
import type {
  DecideRestartOptions,
  TaskDefinitionFacts,
} from '../../../../shared/restart/policy/decide-restart.ts';
import { parseRestartTags, type Tag } from '../../../../shared/restart/restart-tags.ts';
import {
  parseTaskStateChange,
  type TaskStateChange,
} from '../../../../shared/restart/task-state-change.ts';

const ROOT = join(import.meta.dirname, '../../../../events');

/** Raw JSON of `events/<name>.json`. */
export function loadEventJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, `${name}.json`), 'utf8'));
}

/** Parsed fixture. */
export function loadTask(name: string): TaskStateChange {
  return parseTaskStateChange(loadEventJson(name));
}

/** Tags of the first task of `events/responses/<name>.json` (a DescribeTasks response). */
export function loadTags(name: string): Tag[] {
  const body = JSON.parse(readFileSync(join(ROOT, 'responses', `${name}.json`), 'utf8'));
  return body.tasks[0].tags;
}

/** Every restart fixture, by file name. */
export const RESTART_FIXTURES = [
  'task-stopped-essential-exit-1-fargate',
  'task-stopped-essential-exit-1-role-override-fargate',
  'task-stopped-essential-exit-0-fargate',
  'task-stopped-essential-exit-0-sidecar-143-fargate',
  'task-stopped-essential-exit-137-ec2',
  'task-stopped-essential-exit-127-fargate',
  'task-failed-to-start-resource-initialization-fargate',
  'task-failed-to-start-missing-secret-fargate',
  'task-failed-to-start-cannot-pull-not-found-fargate',
  'task-failed-to-start-cannot-pull-timeout-fargate',
  'task-failed-to-start-no-task-arn-fargate',
  'task-stopped-spot-interruption-fargate-spot',
  'task-stopping-spot-interruption-notice-fargate-spot',
  'task-stopped-termination-notice-ec2',
  'task-stopped-user-initiated-fargate',
  'task-stopped-service-scheduler-initiated-fargate',
  'task-stopped-service-essential-exit-1-fargate',
  'task-stopped-old-arn-format-ec2',
  'task-stopped-step-functions-exit-1-fargate',
  'task-stopped-aws-batch-exit-1-ec2',
  'task-stopped-scheduler-exit-1-fargate',
] as const;

/** The stage's passable roles in these tests: the roles the report-job fixtures run with. */
export const PASSABLE_ROLE_NAMES = 'report-job-*';

/** Task definition facts matching the fixtures' families. */
export const DEFINITIONS: Record<string, TaskDefinitionFacts> = {
  'report-job': { essentialContainerNames: ['app'], networkMode: 'awsvpc' },
  'etl-transform': { essentialContainerNames: ['transform'], networkMode: 'bridge' },
  'web-api': { essentialContainerNames: ['web'], networkMode: 'awsvpc' },
  'legacy-import': { essentialContainerNames: ['importer'], networkMode: 'bridge' },
  'align-reads': { essentialContainerNames: ['main'], networkMode: 'host' },
  'export-job': {
    essentialContainerNames: ['app', 'log_router'],
    sidecarContainerNames: ['log_router'],
    networkMode: 'awsvpc',
  },
};

/** A policy that opts every standalone task in, with SGs for the batch cluster and a Spot fallback. */
export function makeConfig(overrides: Record<string, unknown> = {}): RestartConfig {
  return restartSectionSchema.parse({
    select: [{ cluster: '*', mode: 'on-failure' }],
    network: [
      { cluster: 'batch', securityGroups: ['sg-0a1b2c3d4e5f60009'], assignPublicIp: 'DISABLED' },
    ],
    spotFallback: [{ from: 'FARGATE_SPOT', to: [{ capacityProvider: 'FARGATE' }] }],
    ...overrides,
  });
}

/** Decision inputs for a fixture with sensible defaults (no tags, no history, random 0.5). */
export function makeOptions(
  task: TaskStateChange,
  extra: Partial<DecideRestartOptions> & { rawTags?: Tag[] } = {},
): DecideRestartOptions {
  const { rawTags = [], ...rest } = extra;
  const definition = DEFINITIONS[task.family] ?? { essentialContainerNames: [] };
  return {
    task,
    tags: parseRestartTags(rawTags),
    definition,
    config: makeConfig(),
    history: [],
    now: (task.stoppedAt ?? task.createdAt) + 1000,
    random: 0.5,
    passableRoleNames: PASSABLE_ROLE_NAMES,
    ...rest,
  };
}

/** A delay-queue message of attempt 2, due at once, with these changes. */
export function makeMessage(overrides: Partial<DelayedRestartMessage> = {}): DelayedRestartMessage {
  return {
    kind: 'ecs-autopilot.delayed-restart',
    schemaVersion: 1,
    stoppedTaskArn: 'arn:aws:ecs:us-east-1:111122223333:task/batch/old',
    clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/batch',
    family: 'job',
    lineage: 'old',
    attempt: 2,
    reason: 'retry-default',
    orchestrated: false,
    runTaskInput: {
      cluster: 'arn:aws:ecs:us-east-1:111122223333:cluster/batch',
      taskDefinition: 'arn:aws:ecs:us-east-1:111122223333:task-definition/job:1',
      count: 1,
      tags: [],
      startedBy: 'ecs-autopilot',
      clientToken: 'token-0',
    },
    runTaskRetries: 0,
    placementRound: 0,
    notBefore: 0,
    ...overrides,
  };
}
