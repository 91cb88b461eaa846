import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { calculateReplicas } from '../../shared/scale/policy/calculate-replicas.ts';
import type { ReplicaCalculation } from '../../shared/scale/policy/calculator-types.ts';
import { CALCULATOR_REASON_TEXT } from '../../shared/scale/reason-texts.ts';
import { type CliIo, writeLines } from '../cli-io.ts';
import { helpOption, parseCommandArgs } from '../parse-command-args.ts';
import { UsageError } from '../usage-error.ts';
import { parseCalculateInput } from './calculate-input.ts';

export const calculateHelp = `Usage: ecs-autopilot calculate [FILE|-] [--json]

Prints the task count the scaler's replica calculator (Kubernetes' HPA arithmetic, with its
rules for tasks that report nothing, tasks not ready and tasks still starting) gives for
one metric of one service. The same pure code the scaleServices function runs; no AWS call.
Reads one JSON object from FILE, or from standard input with "-" or no FILE:

  {
    "currentCount": 4,                              the service's desiredCount
    "target": { "type": "Utilization", "value": 50 },
    "resource": "cpu",                              cpu, memory, or omitted (custom)
    "tolerance": 0.1,                               optional; default 0.1
    "tasks": [                                      RUNNING or starting, not stopping
      { "usage": 300, "request": 1000, "ready": true, "startedSecondsAgo": 900 },
      { "usage": null, "request": 1000, "ready": true, "startedSecondsAgo": 900 }
    ],
    "value": 1200                                   Value, or AverageValue of a total
  }

target.type: Utilization (usage / request in percent), AverageValue (per task: the tasks'
usages, or a total in "value" such as a queue length), Value (one value against the target,
times the ready tasks). "usage": null is a task that reported nothing; a task without
"startedSecondsAgo" that is not ready is still starting. Optional "cpuStartupPeriodSeconds"
(default 300) and "readinessDelaySeconds" (default 30) are Kubernetes' CPU readiness periods.

Options:
  --json             {"desiredCount", "usage", "reason"} as JSON on stdout
  -h, --help         this help

Exit status: 0 calculated, 1 the calculation cannot be made (the reason is printed, as
Kubernetes returns an error), 2 bad arguments or input (the field is named).`;

const options = { json: { type: 'boolean' }, ...helpOption } as const;

/**
 * `calculate [FILE|-]`: validates the input, runs the replica calculator and prints its answer.
 *
 * @returns 0 with the answer, 1 when the calculator cannot propose a count.
 * @throws UsageError for bad arguments, an unreadable file, JSON that does not parse, or an
 *   input that breaks the contract (every problem named by its field).
 */
export async function runCalculate(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('calculate', args, options, 1);
  if (values.help) {
    io.stdout.write(`${calculateHelp}\n`);
    return 0;
  }
  const [file = '-'] = positionals;
  const parsed = parseCalculateInput(await readInput(file, io.cwd));
  if ('problems' in parsed) {
    throw new UsageError(`invalid input: ${parsed.problems.join('; ')}`, 'calculate');
  }
  const result = calculateReplicas(parsed);
  if (result.status === 'failed') {
    io.stderr.write(
      `ecs-autopilot calculate: cannot calculate (${result.error}): ${result.message}\n`,
    );
    if (values.json)
      io.stdout.write(`${JSON.stringify({ error: result.error, message: result.message })}\n`);
    return 1;
  }
  const { desiredCount, usage, reason } = result;
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ desiredCount, usage, reason })}\n`);
  } else {
    writeLines(io.stdout, describe(result, parsed.currentCount));
  }
  return 0;
}

function describe(result: Extract<ReplicaCalculation, { status: 'calculated' }>, current: number) {
  const { groups } = result;
  return [
    `desired count: ${result.desiredCount} (from ${current}): ${result.reason}`,
    `usage: ${result.usage} (ratio to target ${result.usageRatio.toFixed(3)})`,
    `tasks: ${groups.ready} counted, ${groups.unready} set aside (starting or not ready), ${groups.missing} reported nothing`,
    CALCULATOR_REASON_TEXT[result.reason],
  ];
}

async function readInput(file: string, cwd: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot read ${file}: ${detail}`, 'calculate');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `${file === '-' ? 'standard input' : file} is not JSON: ${detail}`,
      'calculate',
    );
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
