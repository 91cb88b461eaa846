import { ECSClient, RunTaskCommand, type RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { vi } from 'vitest';
import { simulatorEnvironment } from '../../../simulator/environment.ts';
import {
  type OrchestratorName,
  orchestratedRunTask,
  type ScenarioInput,
  type Simulator,
  type StopSpec,
  startSimulator,
} from '../../../simulator/index.ts';
import { importFreshContainer } from '../../support/fresh-container.ts';
import { createLambdaContext } from '../../support/lambda-context.ts';
import { writePolicyFile } from '../../support/policy-file.ts';

export type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export const SG = 'sg-0a1b2c3d4e5f60009';
export const SUBNET = 'subnet-0a1b2c3d4e5f60001';
export const DELAY_QUEUE = 'restart-delay';
export const DEAD_LETTER_QUEUE = 'restart-dlq';

/** Restarts every task of cluster `batch` on failure, in its own subnet with SG, fast backoff. */
export const BASE_POLICY = {
  select: [{ cluster: 'batch', mode: 'on-failure' }],
  network: [{ cluster: 'batch', securityGroups: [SG], assignPublicIp: 'DISABLED' }],
  backoff: { initialSeconds: 2, factor: 2, maxSeconds: 60, jitterRatio: 0 },
  maxAttempts: 3,
  crashLoop: { maxFailures: 100, windowSeconds: 600 },
};

/** The account a scenario runs in, with the restart function deployed on it. */
export type RestartAccount = {
  sim: Simulator;
  handler: Handler;
  ecs: ECSClient;
  /** A second, fresh Lambda container of the same function (empty caches). */
  freshContainer: () => Promise<Handler>;
  close: () => Promise<void>;
};

/**
 * Starts the simulator with `scenario` (plus the two queues) and loads the bundle with `policy`
 * as its `restart:` section and `env` on top of the usual environment.
 */
export async function openRestartAccount(options: {
  scenario: ScenarioInput;
  policy?: Record<string, unknown>;
  env?: Record<string, string>;
}): Promise<RestartAccount> {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 0, 1) });
  const savedEnv = { ...process.env };
  const scenario = options.scenario;
  const sim = await startSimulator({
    scenario: {
      ...scenario,
      queues: [...(scenario.queues ?? []), { name: DELAY_QUEUE }, { name: DEAD_LETTER_QUEUE }],
    },
  });
  Object.assign(process.env, {
    ...simulatorEnvironment(sim.endpoint),
    POLICY_FILE: writePolicyFile({ restart: options.policy ?? BASE_POLICY }),
    DRY_RUN: 'false',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    RESTART_QUEUE_URL: queueUrl(sim, DELAY_QUEUE),
    DEAD_LETTER_QUEUE_URL: queueUrl(sim, DEAD_LETTER_QUEUE),
    ...options.env,
  });
  const freshContainer = () => {
    return loadHandler();
  };
  return {
    sim,
    handler: await freshContainer(),
    // The operator's own credentials, not the function's (identities may tell them apart).
    ecs: new ECSClient({
      endpoint: sim.endpoint,
      credentials: { accessKeyId: 'operator', secretAccessKey: 'operator' },
    }),
    freshContainer,
    close: async () => {
      vi.useRealTimers();
      process.env = savedEnv;
      await sim.close();
    },
  };
}

/** The URL of a simulated queue. */
export function queueUrl(sim: Simulator, name: string): string {
  return `${sim.endpoint}/${sim.account.accountId}/${name}`;
}

async function loadHandler(): Promise<Handler> {
  // Its own copy of the bundle: a separate Lambda container.
  const module = await importFreshContainer<{ handler: Handler }>('restart-task');
  return module.handler as Handler;
}

/**
 * Runs a task on cluster `batch` (RUNNING at once), as an EventBridge rule would unless another
 * `orchestrator` starts it, and returns its ARN.
 */
export async function runJob(
  account: RestartAccount,
  input: Partial<RunTaskCommandInput> & { taskDefinition: string },
  orchestrator: OrchestratorName = 'eventbridge-rule',
): Promise<string> {
  const request: RunTaskCommandInput = {
    cluster: 'batch',
    launchType: 'FARGATE',
    networkConfiguration: {
      awsvpcConfiguration: { subnets: [SUBNET], securityGroups: [SG] },
    },
    ...input,
  };
  const orchestrated = orchestratedRunTask(orchestrator, request, { container: 'app' });
  const answer = await account.ecs.send(new RunTaskCommand(orchestrated));
  account.sim.ecs.startTasks();
  return answer.tasks?.[0]?.taskArn ?? '';
}

/** Stops a task as ECS would, and returns its STOPPED events (what the EventBridge rule delivers). */
export function stopJob(
  account: RestartAccount,
  taskArn: string,
  spec: Partial<StopSpec>,
): unknown[] {
  account.sim.events.drain();
  account.sim.ecs.failTask(taskArn, spec);
  return account.sim.events
    .drain()
    .filter((e) => (e.detail as { lastStatus?: string }).lastStatus === 'STOPPED');
}

/** Invokes the function with an event, as Lambda would. */
export function invoke(handler: Handler, event: unknown): Promise<unknown> {
  return handler(event, createLambdaContext({ functionName: 'restartTask', remainingMs: 30_000 }));
}

/** Moves time to the next due delay-queue message and delivers the due batch; the SQS answer. */
export async function deliverDue(
  account: RestartAccount,
  handler: Handler = account.handler,
): Promise<unknown> {
  const due = account.sim.sqs.nextDueAt(DELAY_QUEUE);
  if (due === undefined) return undefined;
  vi.setSystemTime(Math.max(Date.now(), due));
  const batch = account.sim.sqs.receiveDue(DELAY_QUEUE);
  const answer = batch ? await invoke(handler, batch) : undefined;
  account.sim.ecs.startTasks();
  return answer;
}

/** Tasks started after `before` (a snapshot of the account's task ARNs). */
export function newTasks(account: RestartAccount, before: ReadonlySet<string>) {
  return [...account.sim.account.tasks.values()].filter((t) => !before.has(t.arn));
}

/** Detail types of the audit events published so far. */
export function auditTypes(account: RestartAccount): string[] {
  return account.sim.account.putEvents.map((e) => e.detailType);
}

/** A job with an essential FireLens log router, as the FireLens examples declare it. */
export const EXPORT_JOB = {
  family: 'export-job',
  networkMode: 'awsvpc' as const,
  containers: [
    { name: 'app', image: 'example/export-job', essential: true },
    {
      name: 'log_router',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      essential: true,
      firelensConfiguration: { type: 'fluentbit' },
    },
  ],
};

/** A one-container job. */
export const JOB = {
  family: 'job',
  networkMode: 'awsvpc' as const,
  containers: [{ name: 'app', image: 'example/job', essential: true }],
};

/** The ECS cluster of an AWS Batch compute environment, named as Batch names it. */
export const BATCH_CLUSTER = 'AWSBatch-genomics-ce-3c1f0a52-7d2e-3b4a-9c8d-1e2f3a4b5c6d';
