/**
 * The scenario file: a YAML or JSON description of an account to seed, validated with zod.
 * Ages are durations before the simulator's "now" (`40d`, `3h`, `90s`).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import * as z from 'zod';
import { parseDuration } from './clock.ts';
import { schedule, stateMachine } from './scenario-automation.ts';

const duration = z.union([z.string(), z.number()]).transform((value, context) => {
  try {
    return parseDuration(value);
  } catch {
    context.addIssue({ code: 'custom', message: `not a duration: ${value}` });
    return z.NEVER;
  }
});
const tags = z.record(z.string(), z.string());
const stopCode = z.enum([
  'TaskFailedToStart',
  'EssentialContainerExited',
  'UserInitiated',
  'ServiceSchedulerInitiated',
  'SpotInterruption',
  'TerminationNotice',
]);
const container = z.looseObject({
  name: z.string(),
  image: z.string(),
  essential: z.boolean().optional(),
});
const networkConfiguration = z.looseObject({
  awsvpcConfiguration: z.looseObject({
    subnets: z.array(z.string()),
    securityGroups: z.array(z.string()).optional(),
    assignPublicIp: z.enum(['ENABLED', 'DISABLED']).optional(),
  }),
});

const revisionOverride = z.strictObject({
  /** Revision numbers, or ranges such as `1-10`. */
  revisions: z.array(z.union([z.number().int(), z.string().regex(/^\d+-\d+$/)])),
  status: z.enum(['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS']).optional(),
  /** How long ago they were deregistered (INACTIVE / DELETE_IN_PROGRESS). */
  deregisteredAge: duration.optional(),
  tags: tags.optional(),
});

const family = z.strictObject({
  family: z.string(),
  revisions: z.number().int().min(1).default(1),
  /** Age of revision 1 and of the last revision; the others are spread evenly between. */
  oldestAge: duration.default(0),
  newestAge: duration.default(0),
  networkMode: z.enum(['awsvpc', 'bridge', 'host', 'none']).optional(),
  requiresCompatibilities: z.array(z.string()).optional(),
  cpu: z.string().optional(),
  memory: z.string().optional(),
  containers: z.array(container).optional(),
  tags: tags.optional(),
  overrides: z.array(revisionOverride).default([]),
});

const service = z.strictObject({
  cluster: z.string(),
  name: z.string(),
  /** `family:revision` or `family` (its latest revision). */
  taskDefinition: z.string(),
  desiredCount: z.number().int().min(0).default(1),
  /** RUNNING tasks of the primary deployment (default: desiredCount). */
  runningCount: z.number().int().min(0).optional(),
  launchType: z.enum(['FARGATE', 'EC2', 'EXTERNAL']).optional(),
  capacityProviderStrategy: z.array(z.looseObject({ capacityProvider: z.string() })).optional(),
  schedulingStrategy: z.enum(['REPLICA', 'DAEMON']).optional(),
  deploymentController: z.enum(['ECS', 'CODE_DEPLOY', 'EXTERNAL']).optional(),
  /** The PRIMARY deployment's rollout state (default COMPLETED, IN_PROGRESS with olderDeployments). */
  rolloutState: z.enum(['IN_PROGRESS', 'COMPLETED', 'FAILED']).optional(),
  /** Older deployments still running tasks (a rollout in progress). */
  olderDeployments: z
    .array(
      z.strictObject({
        taskDefinition: z.string(),
        runningCount: z.number().int().min(0).default(0),
      }),
    )
    .default([]),
  /** Extra task sets (EXTERNAL / CODE_DEPLOY controllers). */
  taskSets: z
    .array(
      z.strictObject({
        taskDefinition: z.string(),
        runningCount: z.number().int().min(0).default(0),
      }),
    )
    .default([]),
  networkConfiguration: networkConfiguration.optional(),
  tags: tags.optional(),
  /** Registers the service with Application Auto Scaling. */
  autoscaling: z.strictObject({ min: z.number().int(), max: z.number().int() }).optional(),
  age: duration.prefault('30d'),
});

const task = z
  .strictObject({
    cluster: z.string(),
    taskDefinition: z.string(),
    /**
     * The task's id (32 hex digits, as ECS generates them) instead of a random one, so a recorded
     * event (events/*.json) names a task the account holds. Only with `count: 1`.
     */
    id: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'a task id is 32 hex digits')
      .optional(),
    count: z.number().int().min(1).default(1),
    lastStatus: z.enum(['PROVISIONING', 'PENDING', 'RUNNING', 'STOPPED']).default('RUNNING'),
    launchType: z.enum(['FARGATE', 'EC2', 'EXTERNAL']).optional(),
    capacityProviderStrategy: z.array(z.looseObject({ capacityProvider: z.string() })).optional(),
    group: z.string().optional(),
    startedBy: z.string().optional(),
    networkConfiguration: networkConfiguration.optional(),
    tags: tags.optional(),
    /** How long ago the task was created. */
    age: duration.prefault('10m'),
    stopCode: stopCode.optional(),
    stoppedReason: z.string().optional(),
    exitCodes: z.union([z.number().int(), z.record(z.string(), z.number().int())]).optional(),
  })
  .refine((spec) => spec.id === undefined || spec.count === 1, {
    message: 'a task with an id has count 1',
    path: ['id'],
  });

const rule = z.strictObject({
  name: z.string(),
  /** The event bus (created when missing); default: the default bus. */
  eventBus: z.string().default('default'),
  schedule: z.string().optional(),
  eventPattern: z.string().optional(),
  state: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
  targets: z
    .array(
      z.strictObject({
        id: z.string(),
        cluster: z.string(),
        /** `family` (no revision: always the latest) or `family:revision`. */
        taskDefinition: z.string(),
        taskCount: z.number().int().default(1),
        launchType: z.enum(['FARGATE', 'EC2']).optional(),
        networkConfiguration: networkConfiguration.optional(),
      }),
    )
    .default([]),
});

const metric = z.strictObject({
  namespace: z.string(),
  name: z.string(),
  dimensions: z.record(z.string(), z.string()).default({}),
  /** Explicit datapoints. */
  points: z.array(z.strictObject({ age: duration, value: z.number() })).default([]),
  /** One datapoint per minute of `value`, from `since` ago until now. */
  constant: z.strictObject({ value: z.number(), since: duration.prefault('30m') }).optional(),
});

/** The scenario document. Every section is optional. */
export const scenarioSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  clusters: z
    .array(z.union([z.string(), z.strictObject({ name: z.string(), tags: tags.optional() })]))
    .default([]),
  taskDefinitions: z.array(family).default([]),
  services: z.array(service).default([]),
  tasks: z.array(task).default([]),
  /** Custom event buses, besides the default bus. */
  eventBuses: z.array(z.string()).default([]),
  rules: z.array(rule).default([]),
  /** EventBridge Scheduler schedule groups, besides the default group. */
  scheduleGroups: z.array(z.string()).default([]),
  schedules: z.array(schedule).default([]),
  stateMachines: z.array(stateMachine).default([]),
  metrics: z.array(metric).default([]),
  queues: z
    .array(
      z.strictObject({
        name: z.string(),
        delaySeconds: z.number().int().min(0).max(900).default(0),
        /** The queue's resource policy (IAM JSON), evaluated for SendMessage. */
        policy: z.looseObject({ Statement: z.unknown() }).optional(),
      }),
    )
    .default([]),
  /** Principals by access key id: the ARN a caller acts as, and the roles it may pass. */
  identities: z
    .array(
      z.strictObject({
        accessKeyId: z.string(),
        arn: z.string(),
        passRoles: z.array(z.string()).optional(),
      }),
    )
    .default([]),
});

/** A scenario as written (durations as text). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario (durations in milliseconds). */
export type Scenario = z.output<typeof scenarioSchema>;

/**
 * Validates a scenario object. @throws Error naming every invalid field.
 */
export function parseScenario(raw: unknown): Scenario {
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) throw new Error(`Invalid scenario:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Reads and validates a YAML or JSON scenario file. @throws Error when invalid. */
export async function loadScenario(path: string): Promise<Scenario> {
  return parseScenario(parse(await readFile(path, 'utf8')));
}
