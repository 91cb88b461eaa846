import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_PASSABLE_ROLE_NAMES } from '../../shared/config/runtime-settings.ts';
import { gatherRestartFacts } from '../../shared/restart/gather-facts.ts';
import { parseRestartInvocation } from '../../shared/restart/invocation.ts';
import type { TaskStateChange } from '../../shared/restart/task-state-change.ts';
import { AwsCallError, InvalidEventError } from '../../shared/runtime/errors.ts';
import { type CliIo, writeLines } from '../cli-io.ts';
import { awsOptions, parseCommandArgs } from '../parse-command-args.ts';
import { prepareAwsRun } from '../prepare-aws-run.ts';
import { describePolicySource } from '../resolve-policy.ts';
import { UsageError } from '../usage-error.ts';
import { explainRestart } from './restart-explanation.ts';
import { formatRestartExplanation } from './restart-explanation-view.ts';
import { AWS_OPTIONS_HELP, EXIT_STATUS_HELP } from './shared-help.ts';

export const explainHelp = `Usage: ecs-autopilot explain EVENT.json [options]

Says what the restartTask function would do with an "ECS Task State Change" event now, and
why: the same event parser, the same reads (DescribeTasks for the task's tags,
DescribeTaskDefinition, ListTasks and DescribeTasks for the crash-loop history) and the same
restart policy. Never runs a task and never sends to the delay queue. EVENT.json is the
event as EventBridge delivers it (as logged, or from events/); "-" reads it from stdin.

Environment: PASSABLE_ROLE_NAMES, the stage's passableTaskRoleNames (default
${DEFAULT_PASSABLE_ROLE_NAMES}): a task whose roles it does not cover is role-not-passable.

Options:
${AWS_OPTIONS_HELP}
  --json             the decision, the facts read and the RunTask request a restart would
                     send (environment values masked) as JSON on stdout

${EXIT_STATUS_HELP}`;

/**
 * `explain EVENT.json`: parses the event like the restart function, gathers the same read-only
 * facts, runs the same pure policy and prints the decision with its reason.
 *
 * @returns the exit status: 1 when the event is not a valid ECS Task State Change.
 * @throws UsageError, InvalidConfigError, AwsCallError when a read fails, or Error for a
 *   missing Region or credentials.
 */
export async function runExplain(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('explain', args, awsOptions, 1);
  if (values.help) {
    io.stdout.write(`${explainHelp}\n`);
    return 0;
  }
  const [file] = positionals;
  if (file === undefined)
    throw new UsageError('explain needs an event file (or - for stdin)', 'explain');
  const task = parseTaskEvent(await readEvent(file, io.cwd), file);

  const run = await prepareAwsRun(values, io, (policy) => policy.pacing.share);
  const config = run.policy.restart;
  const now = io.now();
  const facts = await run.progress
    .track(() => {
      run.progress.step('reading the task, its task definition and crash-loop history');
      return gatherRestartFacts(task, config);
    })
    .catch((error: unknown) => {
      if (error instanceof AwsCallError) {
        io.stderr.write('The restart function fails on this read too; Lambda retries the event.\n');
      }
      throw error;
    });
  const explanation = explainRestart(task, facts, config, {
    now: now.getTime(),
    // The stage's passableTaskRoleNames, as the function gets it.
    passableRoleNames: io.env.PASSABLE_ROLE_NAMES ?? DEFAULT_PASSABLE_ROLE_NAMES,
  });

  if (values.json) {
    const document = {
      command: 'explain',
      generatedAt: now.toISOString(),
      region: run.region,
      policy: describePolicySource(run.source),
      event: { id: task.eventId, taskArn: task.taskArn, lastStatus: task.lastStatus },
      ...explanation,
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return 0;
  }
  writeLines(io.stdout, formatRestartExplanation(task, explanation, config));
  return 0;
}

async function readEvent(file: string, cwd: string): Promise<unknown> {
  const text = file === '-' ? await readStdin() : await readEventFile(resolve(cwd, file));
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InvalidEventError([`${file} is not JSON: ${detail}`]);
  }
}

async function readEventFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InvalidEventError([`cannot read ${path}: ${detail}`]);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function parseTaskEvent(raw: unknown, file: string): TaskStateChange {
  const invocation = parseRestartInvocation(raw);
  if (invocation.kind !== 'task-state-change') {
    throw new InvalidEventError([
      `${file} is an SQS batch of the delay queue: its restarts are already decided; explain takes the ECS Task State Change event that started them`,
    ]);
  }
  return invocation.task;
}
