import { readFileSync } from 'node:fs';
import { AwsCallError, InvalidConfigError, InvalidEventError } from '../shared/runtime/errors.ts';
import type { CliIo } from './cli-io.ts';
import { runCalculate } from './commands/calculate.ts';
import { runExplain } from './commands/explain.ts';
import { runPlanPrune } from './commands/plan-prune.ts';
import { runPlanScale } from './commands/plan-scale.ts';
import { runValidate } from './commands/validate.ts';
import { didYouMean } from './suggest.ts';
import { UsageError } from './usage-error.ts';

export const mainHelp = `Usage: ecs-autopilot <command> [options]

Shows what the ecs-autopilot functions would do in an AWS account, and why, without
changing anything; checks the policy document.

Commands:
  plan prune           task-definition revisions the pruner would deregister or delete
  plan scale           desired counts the scaler would set on its next tick
  explain EVENT.json   what the restarter would do with an ECS Task State Change event
  validate             check the policy document and print every problem
  calculate [FILE|-]   the scaler's replica calculator on one JSON input (no AWS call)

Run "ecs-autopilot <command> --help" for a command's options. AWS access uses the SDK's
default chain (--profile / AWS_PROFILE, --region / AWS_REGION, SSO, config files, roles);
AWS_ENDPOINT_URL points it at another endpoint, such as the local simulator.`;

export const planHelp = `Usage: ecs-autopilot plan <prune|scale> [options]

  plan prune   every task-definition revision, kept or removed, with its reason
  plan scale   every selected service's current and desired count, with its reason

Run "ecs-autopilot plan prune --help" or "ecs-autopilot plan scale --help" for options.`;

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const planCommands: Record<string, Command> = { prune: runPlanPrune, scale: runPlanScale };

/**
 * Runs one CLI invocation: dispatches to the command, and turns every failure into a message
 * on stderr and an exit status (2 for a wrong command line, 1 for anything else), never a
 * stack trace for an expected problem.
 *
 * @returns the process exit status.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return reportFailure(error, io);
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(`${mainHelp}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${readVersion()}\n`);
    return 0;
  }
  if (command === 'validate') return runValidate(rest, io);
  if (command === 'explain') return runExplain(rest, io);
  if (command === 'calculate') return runCalculate(rest, io);
  if (command !== 'plan') {
    const known = ['plan', 'explain', 'validate', 'calculate', '--help', '--version'];
    throw new UsageError(`unknown command "${command}"${didYouMean(command, known)}`, '');
  }
  const [what, ...args] = rest;
  if (what === undefined || what === '--help' || what === '-h') {
    io.stdout.write(`${planHelp}\n`);
    return what === undefined ? 2 : 0;
  }
  const run = planCommands[what];
  if (run === undefined) {
    const hint = didYouMean(what, Object.keys(planCommands));
    throw new UsageError(`unknown plan "${what}"${hint}: use prune or scale`, 'plan');
  }
  return run(args, io);
}

function reportFailure(error: unknown, io: CliIo): number {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  if (error instanceof UsageError) {
    const command = error.command === '' ? '' : `${error.command} `;
    say(`ecs-autopilot: ${error.message}`);
    say(`Run "ecs-autopilot ${command}--help" for usage.`);
    return 2;
  }
  if (error instanceof InvalidConfigError) {
    say(error.message);
  } else if (error instanceof InvalidEventError) {
    say(`Invalid event: ${error.issues.length} problem(s):`);
    for (const issue of error.issues) say(`- ${issue}`);
  } else if (error instanceof AwsCallError) {
    say(`AWS call failed: ${error.message}`);
    const endpoint = io.env.AWS_ENDPOINT_URL;
    if (endpoint !== undefined && /ECONNREFUSED/.test(error.message)) {
      say(
        `Nothing answers at AWS_ENDPOINT_URL=${endpoint}: start the playground's account (npm start -- --serve), or unset AWS_ENDPOINT_URL to reach AWS.`,
      );
    }
    if (/AccessDenied|UnauthorizedOperation|not authorized/i.test(error.message)) {
      say(
        'The credentials lack a read permission this command needs (see README, "Operator CLI").',
      );
    }
  } else {
    say(`ecs-autopilot: ${error instanceof Error ? error.message : String(error)}`);
  }
  return 1;
}

function readVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  const version = (parsed as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}
