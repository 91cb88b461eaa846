import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { loadPolicyFile, parsePolicy } from '../shared/config/load-policy.ts';
import type { PolicyConfig } from '../shared/config/policy-schema.ts';

/** Which policy document a command uses, and why that one. */
export type PolicySource =
  | { kind: 'file'; path: string; from: 'option' | 'AUTOPILOT_POLICY' | 'default-file' }
  | { kind: 'file'; path: string; from: 'parent-directory'; cwd: string }
  | { kind: 'built-in' };

/** The file `npm run build` compiles into the bundles when `AUTOPILOT_POLICY` is not set. */
export const DEFAULT_POLICY_FILE = 'policy.yml';

/**
 * Picks the policy the way the build does, so a preview uses the document the deployed functions
 * carry: `--policy FILE`, else `$AUTOPILOT_POLICY`, else the nearest `policy.yml` from the working
 * directory up to the project root (like git or npm finding their root: a command run from
 * `cli/` or `docs/` uses the project's policy, not the defaults), else the built-in defaults (an
 * empty document: nothing restarted or scaled, pruning in dry run).
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
  const found = findUpward(resolve(cwd));
  if (found === undefined) return { kind: 'built-in' };
  return dirname(found) === resolve(cwd)
    ? { kind: 'file', path: found, from: 'default-file' }
    : { kind: 'file', path: found, from: 'parent-directory', cwd: resolve(cwd) };
}

/**
 * The nearest `policy.yml` in `directory` or a parent, stopping at the project root (the first
 * directory holding `package.json` or `.git`, searched too) so a stray file above the project
 * is never picked up.
 */
function findUpward(directory: string): string | undefined {
  for (let current = directory; ; current = dirname(current)) {
    const candidate = join(current, DEFAULT_POLICY_FILE);
    if (existsSync(candidate)) return candidate;
    const isRoot = ['package.json', '.git'].some((marker) => existsSync(join(current, marker)));
    if (isRoot || dirname(current) === current) return undefined;
  }
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
    return `built-in defaults (no ${DEFAULT_POLICY_FILE} here or up to the project root, and no --policy)`;
  }
  if (source.from === 'parent-directory') {
    return `${source.path} (nearest ${DEFAULT_POLICY_FILE} above ${relative(dirname(source.path), source.cwd)}/)`;
  }
  const why = {
    option: '--policy',
    AUTOPILOT_POLICY: '$AUTOPILOT_POLICY',
    'default-file': 'default',
  };
  return `${source.path} (${why[source.from]})`;
}
