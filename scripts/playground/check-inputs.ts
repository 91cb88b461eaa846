/**
 * Checks the playground's two inputs before anything starts, so a bad file is one short list of
 * problems and exit status 1, never a crash in the middle of the story. The policy gets the very
 * check and wording of `ecs-autopilot validate`; the scenario the simulator's schema, in the same
 * one-line-per-problem form.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { formatIssues } from '../../shared/config/format-issues.ts';
import { loadPolicyFile } from '../../shared/config/load-policy.ts';
import type { PolicyConfig } from '../../shared/config/policy-schema.ts';
import { InvalidConfigError } from '../../shared/runtime/errors.ts';
import { type ScenarioInput, scenarioSchema } from '../../simulator/scenario.ts';

/** Both inputs, valid; the scenario as written (the simulator parses it again when seeding). */
export type PlaygroundInputs = { scenario: ScenarioInput; policy: PolicyConfig };

/** Every problem of one input file. */
export type InputProblems = { file: string; what: 'scenario' | 'policy'; problems: string[] };

/**
 * Reads and validates the scenario and the policy.
 *
 * @returns the inputs, or the problems of each file that has any (both files are checked).
 */
export async function checkInputs(
  scenarioPath: string,
  policyPath: string,
): Promise<{ ok: true; inputs: PlaygroundInputs } | { ok: false; failures: InputProblems[] }> {
  const [scenario, policy] = await Promise.all([
    checkScenario(scenarioPath),
    checkPolicy(policyPath),
  ]);
  const failures = [scenario, policy].filter((result) => 'problems' in result);
  if ('problems' in scenario || 'problems' in policy) return { ok: false, failures };
  return { ok: true, inputs: { scenario: scenario.value, policy: policy.value } };
}

/** The problems, worded as `ecs-autopilot validate` words them. */
export function formatInputProblems(failure: InputProblems): string[] {
  return [
    `${failure.file} (${failure.what}): ${failure.problems.length} problem(s)`,
    ...failure.problems.map((problem) => `  - ${problem}`),
  ];
}

async function checkScenario(file: string): Promise<{ value: ScenarioInput } | InputProblems> {
  const problems = (list: string[]): InputProblems => ({ file, what: 'scenario', problems: list });
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return problems([`cannot read ${file}: ${messageOf(error)}`]);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    // The YAML parser's message ends with a code frame; its first line says what and where.
    return problems([`cannot parse ${file}: ${messageOf(error).split('\n')[0]}`]);
  }
  const result = scenarioSchema.safeParse(document ?? {}, { reportInput: true });
  if (!result.success) return problems(formatIssues(result.error.issues));
  return { value: document as ScenarioInput };
}

async function checkPolicy(file: string): Promise<{ value: PolicyConfig } | InputProblems> {
  try {
    return { value: await loadPolicyFile(file) };
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    const problems = error.problems.map((problem) => problem.split('\n')[0] ?? problem);
    return { file, what: 'policy', problems };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
