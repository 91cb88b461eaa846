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
 * The sections each function reads: its own, and for prune also `restart:` (a stopped task that a
 * restart may still run pins its revision, and the restart policy says which tasks and how long).
 * The build compiles exactly these into each bundle.
 */
export const functionSections = {
  restart: ['restart'],
  prune: ['prune', 'restart'],
  scale: ['scale'],
} as const satisfies Record<PolicySection, readonly PolicySection[]>;

/**
 * Where a function's policy comes from: its sections compiled into the bundle (`bundled`), or,
 * when `POLICY_FILE` names an override (local runs, tests, benchmarks), the file validated with
 * each section's schema.
 */
export type FunctionPolicySource<S extends PolicySection> = {
  /** Each section's schema; built on first use, so referencing them costs a cold start nothing. */
  schemas: { [K in S]: z.ZodMiniType<PolicyConfig[K]> };
  /** The function's policy as the build compiled it into the bundle; undefined unbundled. */
  bundled: () => FunctionPolicy<S> | undefined;
};
