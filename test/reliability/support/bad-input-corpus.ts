/**
 * The bad-input corpus: every payload of `events/bad-input/` (sent to all three functions, since
 * a misrouted rule can deliver anything anywhere) and huge payloads generated here, with what
 * each function's error must name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionName } from './figures.ts';

/** One bad input: its payload (a fresh copy each call) and what each function's issues name. */
export type BadInput = {
  name: string;
  payload: () => unknown;
  /** A pattern some issue must match, per function (default: any issue at all). */
  names: Partial<Record<FunctionName, RegExp>>;
};

const dir = join(import.meta.dirname, '../../../events/bad-input');

const restartRoot = /^\(root\): expected an ECS Task State Change event or an SQS batch/;
const notScheduled = /^detail-type: .*"Scheduled Event"/;
const notObject = /^\(document\): .*expected object/;
const scheduled = { 'prune-task-definitions': notScheduled, 'scale-services': notScheduled };

/** What the issues must name, by corpus file (without `.json`). */
const expectations: Record<string, BadInput['names']> = {
  'alarm-state-change-missing-alarm-name': {
    'restart-task': restartRoot,
    'scale-services': /^detail\.alarmName: /,
  },
  'bom-prefixed-raw-string': {
    'restart-task': restartRoot,
    'prune-task-definitions': notObject,
    'scale-services': notObject,
  },
  'cloudwatch-alarm-action-direct': {
    'restart-task': restartRoot,
    'prune-task-definitions': /unknown key\(s\) "source", "alarmArn"/,
    'scale-services': /unknown key\(s\) "source", "alarmArn"/,
  },
  'json-array-payload': {
    'restart-task': restartRoot,
    'prune-task-definitions': /expected object, received array/,
    'scale-services': /expected object, received array/,
  },
  'manual-invocation-family-glob': {
    'prune-task-definitions': /^families\[0\]: must be an exact family name/,
    'scale-services': /unknown key\(s\) "families"/,
  },
  'manual-invocation-misspelled-dry-run': {
    'prune-task-definitions': /unknown key\(s\) "dryrun"/,
    'scale-services': /unknown key\(s\) "dryrun"/,
  },
  'manual-invocation-mistyped': {
    'prune-task-definitions': /^dryRun: .*expected boolean/,
    'scale-services': /^dryRun: .*expected boolean/,
  },
  'number-payload': {
    'prune-task-definitions': /expected object, received number/,
    'scale-services': /expected object, received number/,
  },
  'scheduled-event-missing-id': {
    'prune-task-definitions': /^id: /,
    'scale-services': /^id: /,
  },
  'sns-wrapped-task-state-change': {
    'restart-task': /^Records\.0\.eventSource: /,
    'prune-task-definitions': /unknown key\(s\) "Records"/,
    'scale-services': /unknown key\(s\) "Records"/,
  },
  'sqs-batch-malformed-envelope': { 'restart-task': /^Records\.0\.messageId: / },
  'task-state-change-bad-timestamps': { 'restart-task': /^detail\.stoppedAt: /, ...scheduled },
  // No detail.taskArn, but resources[0] holds it: the event is refused for its missing clusterArn.
  'task-state-change-missing-arns': { 'restart-task': /^detail\.clusterArn: /, ...scheduled },
  'task-state-change-missing-detail': { 'restart-task': /^detail: /, ...scheduled },
  'task-state-change-mistyped-fields': {
    'restart-task': /^detail\.containers\.0\.exitCode: /,
    ...scheduled,
  },
  'task-state-change-not-arns': {
    'restart-task': /^detail\.taskArn: expected a task ARN/,
    ...scheduled,
  },
  'task-state-change-wrong-source-and-account': { 'restart-task': /^source: /, ...scheduled },
  'unknown-detail-type-container-instance': { 'restart-task': restartRoot, ...scheduled },
  'unknown-detail-type-deployment': { 'restart-task': restartRoot, ...scheduled },
};

const read = (file: string) => () => JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;

/** A valid task state change with `count` containers whose exit code is text. */
function manyBadContainers(count: number): unknown {
  const event = read('task-state-change-mistyped-fields.json')() as {
    detail: { containers: { name: string; exitCode: unknown }[] };
  };
  event.detail.containers = Array.from({ length: count }, (_, i) => ({
    name: `c${i}`,
    exitCode: 'x',
  }));
  return event;
}

/** Payloads of several hundred kilobytes, under EventBridge's and Lambda's 256 KB limits. */
const huge: BadInput[] = [
  {
    name: 'huge: 3,000 containers with text exit codes (3,000 issues)',
    payload: () => manyBadContainers(3_000),
    names: { 'restart-task': /^detail\.containers\.0\.exitCode: /, ...scheduled },
  },
  {
    name: 'huge: 4,000 family globs in a manual prune',
    payload: () => ({ families: Array.from({ length: 4_000 }, (_, i) => `app-${i}-*`) }),
    names: {
      'prune-task-definitions': /^families\[0\]: must be an exact family name/,
      'scale-services': /unknown key\(s\) "families"/,
    },
  },
  {
    name: 'huge: unknown detail-type padded to 240 KB',
    payload: () => ({
      ...(read('unknown-detail-type-deployment.json')() as object),
      padding: 'x'.repeat(240_000),
    }),
    names: { 'restart-task': restartRoot, ...scheduled },
  },
];

/** Every bad input: the corpus files, then the generated huge ones. */
export function loadBadInputs(): BadInput[] {
  const files = readdirSync(dir).filter(
    (file) => file.endsWith('.json') && !file.startsWith('sqs-delay'),
  );
  return [
    ...files.map((file) => {
      const name = file.replace(/\.json$/, '');
      return { name, payload: read(file), names: expectations[name] ?? {} };
    }),
    ...huge,
  ];
}

/** The delay-queue batch whose bodies are not restart messages (restart-task only). */
export const loadBadDelayQueueBatch = read('sqs-delay-queue-bad-bodies.json');
