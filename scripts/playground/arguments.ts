/**
 * The playground's command line: `npm start -- [SCENARIO [POLICY]] [--serve] [--port N]
 * [--report FILE]`. A mistyped option is a usage error with the nearest option, like the CLI's.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs } from '../../cli/parse-command-args.ts';
import { UsageError } from '../../cli/usage-error.ts';

export const startHelp = `Usage: npm start -- [SCENARIO.yml [POLICY.yml]] [options]

Runs a short story through the real function bundles on a simulated AWS account, prints what
each function did and why, and writes an HTML report with charts of it.

  SCENARIO.yml     the account (default simulator/scenarios/demo.yml)
  POLICY.yml       the policy (default scripts/playground/policy.yml)

Options:
  --serve          skip the story: keep the account up and print the plan, explain and
                   serverless invoke local commands that work against it (Ctrl-C stops it)
  --port N         the port --serve listens on (default 4566)
  --report FILE    where the HTML report goes (default playground-report.html)
  -h, --help       this help`;

export type StartArguments = {
  scenario: string;
  policy: string;
  /** The scenario is the bundled demo (its fixture tasks are seeded). */
  demo: boolean;
  serve: boolean;
  port: number;
  report: string;
  help: boolean;
};

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const demoScenario = here('../../simulator/scenarios/demo.yml');
export const playgroundPolicy = here('policy.yml');

const options = {
  serve: { type: 'boolean' },
  port: { type: 'string' },
  report: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Parses the playground's arguments.
 * @throws UsageError for an unknown option, a missing value, a bad port or a third file.
 */
export function parseStartArguments(argv: readonly string[]): StartArguments {
  const { values, positionals } = parseCommandArgs('start', argv, options, 2);
  const port = Number(values.port ?? '4566');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port takes a port number (0-65535), not "${values.port}"`, 'start');
  }
  const [scenario = demoScenario, policy = playgroundPolicy] = positionals;
  return {
    scenario,
    policy,
    demo: resolve(scenario) === demoScenario,
    serve: values.serve === true,
    port,
    report: values.report ?? 'playground-report.html',
    help: values.help === true,
  };
}
