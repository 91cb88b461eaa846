/**
 * `npm start [-- SCENARIO.yml [POLICY.yml]] [--serve]`: the playground. Checks both files first
 * (every problem at once, as `ecs-autopilot validate` words them, exit 1), then either tells a
 * short story through the real function bundles on a simulated account and writes an HTML report
 * of it, or (`--serve`) keeps the account up for the CLI and `serverless invoke local`. No input
 * makes it print a stack trace: a failure is one line and exit status 1.
 */
import { UsageError } from '../cli/usage-error.ts';
import { parseStartArguments, startHelp } from './playground/arguments.ts';
import { checkInputs, formatInputProblems } from './playground/check-inputs.ts';
import { writeReport } from './playground/report-html.ts';
import { serve } from './playground/serve.ts';
import { runStory } from './playground/story.ts';

process.exitCode = await main(process.argv.slice(2));

async function main(argv: readonly string[]): Promise<number> {
  const fail = (lines: readonly string[]) => {
    process.stderr.write(`${lines.join('\n')}\n`);
  };
  let args: ReturnType<typeof parseStartArguments>;
  try {
    args = parseStartArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail([`npm start: ${error.message}`, 'Run "npm start -- --help" for usage.']);
    return 2;
  }
  if (args.help) {
    console.log(startHelp);
    return 0;
  }
  const checked = await checkInputs(args.scenario, args.policy);
  if (!checked.ok) {
    fail(checked.failures.flatMap(formatInputProblems));
    fail([
      'The playground did not start: fix the file(s) above (`npx ecs-autopilot validate --policy FILE` checks a policy).',
    ]);
    return 1;
  }
  try {
    if (args.serve) {
      return await serve(checked.inputs, {
        policyFile: args.policy,
        port: args.port,
        demo: args.demo,
      });
    }
    const record = await runStory(checked.inputs, {
      scenarioFile: args.scenario,
      policyFile: args.policy,
      demo: args.demo,
    });
    const path = await writeReport(record, args.report);
    console.log(`\nReport with charts: ${path}`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (process.env.PLAYGROUND_DEBUG) console.error(error);
    fail([`npm start: the playground stopped: ${message.split('\n')[0]}`]);
    return 1;
  }
}
