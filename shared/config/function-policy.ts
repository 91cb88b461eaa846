import type { PolicyConfig } from './policy-schema.ts';
import type * as z from './zod.ts';

/** The sections of the policy document, one per function. */
export const policySections = ['restart', 'prune', 'scale'] as const;

/** A section of the policy document: the configuration of one function. */
export type PolicySection = (typeof policySections)[number];

/**
 * What one function reads of the policy document: the document-wide keys and its own section,
 * validated and with every default applied. The other sections are another function's business.
 */
export type FunctionPolicy<S extends PolicySection> = Pick<PolicyConfig, 'version' | 'pacing' | S>;

/**
 * Where a function's policy comes from: its section compiled into the bundle (`bundled`), or, when
 * `POLICY_FILE` names an override (local runs, tests, benchmarks), the file validated with the
 * section's `schema`.
 */
export type FunctionPolicySource<S extends PolicySection> = {
  section: S;
  /** The section's schema; built on first use, so referencing it costs a cold start nothing. */
  schema: z.ZodMiniType<PolicyConfig[S]>;
  /** The function's policy as the build compiled it into the bundle; undefined unbundled. */
  bundled: () => FunctionPolicy<S> | undefined;
};
