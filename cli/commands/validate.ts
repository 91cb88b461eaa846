import type { PolicyConfig } from '../../shared/config/policy-schema.ts';
import { InvalidConfigError } from '../../shared/runtime/errors.ts';
import { type CliIo, writeLines } from '../cli-io.ts';
import { helpOption, parseCommandArgs } from '../parse-command-args.ts';
import { describePolicySource, loadPolicy, resolvePolicySource } from '../resolve-policy.ts';
import { UsageError } from '../usage-error.ts';

export const validateHelp = `Usage: ecs-autopilot validate [--policy FILE] [--json]

Checks a policy document against the schema the functions and the build use, and prints
every problem at once (path, what was expected, what was given), or a summary of what a
valid policy does. Reads no AWS account.

Options:
  --policy FILE      policy document, YAML or JSON (default: $AUTOPILOT_POLICY, else
                     ./policy.yml, the file \`npm run build\` bundles)
  --json             {"valid", "policy", "problems"} as JSON on stdout
  -h, --help         this help

Exit status: 0 valid, 1 problems found (or the file cannot be read or parsed),
2 bad arguments or no policy file to check.`;

const options = { policy: { type: 'string' }, json: { type: 'boolean' }, ...helpOption } as const;

/**
 * `validate`: parses the policy with the functions' own loader and schema.
 *
 * @returns 0 when valid, 1 with every problem printed otherwise.
 * @throws UsageError for bad arguments, or when there is no policy file to check.
 */
export async function runValidate(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('validate', args, options, 0);
  if (values.help) {
    io.stdout.write(`${validateHelp}\n`);
    return 0;
  }
  const source = resolvePolicySource(values.policy, io.env, io.cwd);
  if (source.kind === 'built-in') {
    throw new UsageError(
      'no policy to validate: no policy.yml here or in a parent directory up to the project root; pass --policy FILE',
      'validate',
    );
  }
  const described = describePolicySource(source);
  let policy: PolicyConfig;
  try {
    policy = await loadPolicy(source);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    if (values.json) {
      writeJson(io, { valid: false, policy: described, problems: error.problems });
    } else {
      const count = error.problems.length;
      writeLines(io.stdout, [
        `${described}: ${count} problem(s)`,
        ...error.problems.map((problem) => `  - ${problem}`),
      ]);
    }
    return 1;
  }
  if (values.json) {
    writeJson(io, { valid: true, policy: described, problems: [] });
  } else {
    writeLines(io.stdout, [`${described}: valid`, ...summarizePolicy(policy)]);
  }
  return 0;
}

function writeJson(
  io: CliIo,
  result: { valid: boolean; policy: string; problems: readonly string[] },
) {
  io.stdout.write(`${JSON.stringify({ command: 'validate', ...result }, null, 2)}\n`);
}

/** What a valid policy makes each function do, one line each. */
function summarizePolicy(policy: PolicyConfig): string[] {
  const { restart, prune, scale } = policy;
  const dry = (on: boolean) => (on ? 'dry run' : 'acting');
  return [
    `  restart: ${dry(restart.dryRun)}; ${restart.select.length} select rule(s) (tasks may also opt in by tag), ${restart.classify.length} classify rule(s), max ${restart.maxAttempts} attempts`,
    `  prune:   ${dry(prune.dryRun)}; keep newest ${prune.keepNewest} and younger than ${prune.minAgeDays} days; delete INACTIVE ${prune.deleteInactive.enabled ? `after ${prune.deleteInactive.graceDays} days` : 'off'}; at most ${prune.maxChangesPerRun} changes per run`,
    `  scale:   ${dry(scale.dryRun)}; ${scale.services.length} service rule(s); at most ${scale.maxServicesChangedPerRun} scale-ins per tick (scale-outs never held back)`,
    `  pacing:  ${policy.pacing.share} of each ECS throttle bucket (prune: ${prune.pacingShare})`,
  ];
}
