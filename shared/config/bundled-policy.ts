/**
 * Replaced at build time by esbuild's `define` with the policy document (YAML compiled to JSON),
 * so a deployed function carries its policy and no YAML parser.
 */
declare const AUTOPILOT_BUNDLED_POLICY: unknown;

/** The policy compiled into this bundle, or an empty (safe) document when running unbundled. */
export function getBundledPolicyDocument(): unknown {
  return typeof AUTOPILOT_BUNDLED_POLICY === 'undefined' ? {} : AUTOPILOT_BUNDLED_POLICY;
}
