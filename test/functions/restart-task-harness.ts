/** Shared setup of the restart-task handler tests: mocked AWS clients, policy file, fixtures. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RunTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../functions/restart-task.ts';
import { resetRecentTokens } from '../../shared/restart/act.ts';
import { resetTaskDefinitionCache } from '../../shared/restart/gather-facts.ts';
import { resetLoadedConfig } from '../../shared/runtime/create-handler.ts';
import { DEFINITIONS, PASSABLE_ROLE_NAMES } from '../shared/restart/policy/restart-fixtures.ts';
import { loadFixture } from '../support/fixtures.ts';
import { createLambdaContext } from '../support/lambda-context.ts';

export const ecs = mockClient(ECSClient);
export const sqs = mockClient(SQSClient);
export const eventBridge = mockClient(EventBridgeClient);

export const RESTART_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/restart-delay';
export const DEAD_LETTER_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/restart-dlq';

/** The policy the tests run under: every standalone task selected, batch SGs, a Spot fallback. */
export const BASE_POLICY = {
  restart: {
    select: [{ cluster: '*', mode: 'on-failure' }],
    network: [
      { cluster: 'batch', securityGroups: ['sg-0a1b2c3d4e5f60009'], assignPublicIp: 'DISABLED' },
    ],
    spotFallback: [{ from: 'FARGATE_SPOT', to: [{ capacityProvider: 'FARGATE' }] }],
  },
};

/** Tags of the first task of `events/responses/<name>.json`. */
export function loadResponseTags(name: string): { key: string; value: string }[] {
  const path = new URL(`../../events/responses/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(path, 'utf8')).tasks[0].tags;
}

/**
 * For each ECS command, the length of the longest chain of ECS calls that had completed when it
 * was sent, plus one: 1 for calls sent in parallel first, 2 for a call made after them, etc.
 */
export const ecsCallDepths: Record<string, number[]> = {};
let completedDepth = 0;

/** Registers an ECS answer that arrives a macrotask later (parallel calls overlap) and is tracked. */
function answer<I>(command: { name: string }, respond: (input: I) => unknown): void {
  // aws-sdk-client-mock types `on` per command class; the tracker is the same for all of them.
  const on = ecs.on.bind(ecs) as (c: unknown) => ReturnType<typeof ecs.on>;
  on(command).callsFake(async (input: I) => {
    const depth = completedDepth + 1;
    ecsCallDepths[command.name] = [...(ecsCallDepths[command.name] ?? []), depth];
    await new Promise((resolve) => setImmediate(resolve));
    completedDepth = Math.max(completedDepth, depth);
    return respond(input);
  });
}

/** Starts a new chain of ECS calls (a new invocation) and forgets the recorded depths. */
export function resetEcsCallDepths(): void {
  completedDepth = 0;
  for (const key of Object.keys(ecsCallDepths)) delete ecsCallDepths[key];
}

/** Options of {@link setUpRestartHandler}. */
export type HarnessOptions = {
  policy?: { restart: Record<string, unknown> };
  dryRun?: boolean;
  /** Tags DescribeTasks returns for the stopped task (default: none). */
  tags?: { key: string; value: string }[];
  /** Stopped tasks ListTasks + DescribeTasks return as crash-loop history. */
  history?: Task[];
};

/**
 * Resets every mock and cache, writes the policy file, and answers ECS like an account holding
 * the fixtures: DescribeTasks knows the stopped task (with `tags`), DescribeTaskDefinition knows
 * every fixture family, ListTasks returns the history, RunTask starts `task/<cluster>/new-1`.
 */
export function setUpRestartHandler(options: HarnessOptions = {}): void {
  ecs.reset();
  sqs.reset();
  eventBridge.reset();
  resetLoadedConfig();
  resetTaskDefinitionCache();
  resetRecentTokens();
  const dir = mkdtempSync(join(tmpdir(), 'restart-policy-'));
  const policyFile = join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(options.policy ?? BASE_POLICY));
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIATESTTESTTESTTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
    POLICY_FILE: policyFile,
    DRY_RUN: options.dryRun ? 'true' : 'false',
    AUDIT_EVENT_BUS_NAME: 'autopilot-audit',
    RESTART_QUEUE_URL,
    DEAD_LETTER_QUEUE_URL,
    PASSABLE_ROLE_NAMES,
  });
  resetEcsCallDepths();
  const history = options.history ?? [];
  answer(DescribeTasksCommand, (input: { tasks: string[] }) => ({
    tasks: input.tasks.flatMap((arn) => {
      const known = history.find((t) => t.taskArn === arn);
      if (known) return [known];
      // ECS's statuses are left out: the decision then goes by the event's (warning or stop).
      return [{ taskArn: arn, tags: options.tags ?? [] }];
    }),
    failures: [],
  }));
  answer(ListTasksCommand, () => ({ taskArns: history.flatMap((t) => t.taskArn ?? []) }));
  answer(DescribeTaskDefinitionCommand, (input: { taskDefinition: string }) => {
    const [family = '', revision = '1'] = input.taskDefinition.split('/').pop()?.split(':') ?? [];
    const facts = DEFINITIONS[family] ?? { essentialContainerNames: [] };
    return {
      taskDefinition: {
        taskDefinitionArn: input.taskDefinition,
        family,
        revision: Number(revision),
        networkMode: facts.networkMode,
        taskRoleArn: facts.taskRoleArn,
        executionRoleArn: facts.executionRoleArn,
        containerDefinitions: [
          ...facts.essentialContainerNames.map((name) => ({ name, essential: true })),
          { name: 'log-router', essential: false },
        ],
      },
    };
  });
  answer(RunTaskCommand, (input: { cluster: string }) => ({
    tasks: [{ taskArn: `${input.cluster.replace(':cluster/', ':task/')}/new-1` }],
    failures: [],
  }));
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
    Entries: input.Entries.map((_, i) => ({ EventId: `e-${i}` })),
    FailedEntryCount: 0,
  }));
}

/** Invokes the handler with a raw event. */
export function invoke(event: unknown): Promise<unknown> {
  return handler(event as never, createLambdaContext({ functionName: 'restart-task' }));
}

/** A fixture of `events/` (deep copy). */
export function loadEvent(name: string): Record<string, unknown> {
  return loadFixture(`${name}.json`);
}

/** Bodies of every SendMessage to `queueUrl`, parsed. */
export function sentBodies(queueUrl: string): Record<string, unknown>[] {
  return sqs
    .commandCalls(SendMessageCommand)
    .filter((call) => call.args[0].input.QueueUrl === queueUrl)
    .map((call) => JSON.parse(call.args[0].input.MessageBody ?? 'null'));
}

/** A Lambda SQS event carrying `bodies` (objects are JSON-encoded). */
export function sqsEvent(bodies: unknown[]): { Records: Record<string, unknown>[] } {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `msg-${i}`,
      receiptHandle: `rh-${i}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: {},
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:restart-delay',
      awsRegion: 'us-east-1',
    })),
  };
}

/** Everything the process wrote to stdout and stderr while `run` ran (logs and EMF metrics). */
export async function captureOutput(run: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  const capture = (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    await run();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return chunks.join('');
}
