import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPolicyFile, parsePolicy } from '../shared/config/load-policy.ts';
import type { PolicyConfig } from '../shared/config/policy-schema.ts';

/** Which policy document a command uses, and why that one. */
export type PolicySource =
  | { kind: 'file'; path: string; from: 'option' | 'AUTOPILOT_POLICY' | 'default-file' }
  | { kind: 'built-in' };

/** The file `npm run build` compiles into the bundles when `AUTOPILOT_POLICY` is not set. */
export const DEFAULT_POLICY_FILE = 'policy.yml';

/**
 * Picks the policy the way the build does, so a preview uses the document the deployed functions
 * carry: `--policy FILE`, else `$AUTOPILOT_POLICY`, else `./policy.yml` when it exists, else the
 * built-in defaults (an empty document: nothing restarted or scaled, pruning in dry run).
 *
 * @returns where the policy comes from; a named file is not checked here (loading reports it).
 */
export function resolvePolicySource(
  option: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
): PolicySource {
  if (option !== undefined) return { kind: 'file', path: resolve(cwd, option), from: 'option' };
  const fromEnv = env.AUTOPILOT_POLICY;
  if (fromEnv) return { kind: 'file', path: resolve(cwd, fromEnv), from: 'AUTOPILOT_POLICY' };
  const fallback = resolve(cwd, DEFAULT_POLICY_FILE);
  return existsSync(fallback)
    ? { kind: 'file', path: fallback, from: 'default-file' }
    : { kind: 'built-in' };
}

/**
 * Loads and validates the chosen policy.
 * @throws InvalidConfigError naming every problem, or the file that cannot be read or parsed.
 */
export function loadPolicy(source: PolicySource): Promise<PolicyConfig> {
  return source.kind === 'file'
    ? loadPolicyFile(source.path)
    : Promise.resolve(parsePolicy({}, 'built-in defaults'));
}

/** One line saying which policy is in use, for stderr and the JSON output. */
export function describePolicySource(source: PolicySource): string {
  if (source.kind === 'built-in') {
    return `built-in defaults (no ${DEFAULT_POLICY_FILE} here and no --policy)`;
  }
  const why = {
    option: '--policy',
    AUTOPILOT_POLICY: '$AUTOPILOT_POLICY',
    'default-file': 'default',
  };
  return `${source.path} (${why[source.from]})`;
}
