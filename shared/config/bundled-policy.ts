import type { FunctionPolicy } from './function-policy.ts';

/**
 * The policy compiled into a function's bundle. scripts/build.ts validates the whole document at
 * build time, applies its defaults, and replaces each identifier below (esbuild `define`) with one
 * function's share of the result as plain data: `version`, `pacing` and the sections that function
 * reads (`functionSections`), globs kept as strings. A bundle references only its own function's identifier, so it
 * carries only its own section and never builds a schema at cold start. Unbundled code (tests, the
 * CLI, `tsx`) sees none of them and loads the policy instead.
 */
declare const AUTOPILOT_POLICY_RESTART: FunctionPolicy<'restart'>;
declare const AUTOPILOT_POLICY_PRUNE: FunctionPolicy<'prune' | 'restart'>;
declare const AUTOPILOT_POLICY_SCALE: FunctionPolicy<'scale'>;

/** The restart function's policy compiled into its bundle; undefined unbundled. */
export function bundledRestartPolicy(): FunctionPolicy<'restart'> | undefined {
  return typeof AUTOPILOT_POLICY_RESTART === 'undefined' ? undefined : AUTOPILOT_POLICY_RESTART;
}

/** The prune function's policy compiled into its bundle; undefined unbundled. */
export function bundledPrunePolicy(): FunctionPolicy<'prune' | 'restart'> | undefined {
  return typeof AUTOPILOT_POLICY_PRUNE === 'undefined' ? undefined : AUTOPILOT_POLICY_PRUNE;
}

/** The scale function's policy compiled into its bundle; undefined unbundled. */
export function bundledScalePolicy(): FunctionPolicy<'scale'> | undefined {
  return typeof AUTOPILOT_POLICY_SCALE === 'undefined' ? undefined : AUTOPILOT_POLICY_SCALE;
}

/** The esbuild `define` identifier that carries a section's function policy. */
export function bundledPolicyIdentifier(section: 'restart' | 'prune' | 'scale'): string {
  return `AUTOPILOT_POLICY_${section.toUpperCase()}`;
}
