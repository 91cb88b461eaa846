import { bundledPrunePolicy } from './bundled-policy.ts';
import type { FunctionPolicySource } from './function-policy.ts';
import { reportGlobProblem } from './glob.ts';
import { restartSectionSchema } from './restart-section.ts';
import * as z from './zod.ts';

// The section's schemas are built on first use (`z.lazy`): a deployed function carries its section
// already validated (scripts/build.ts), so its cold start never builds them.

/** Tag key on a task-definition revision that keeps it forever, whatever the other rules say. */
export const RETAIN_TAG_KEY = 'ecs-autopilot:retain';

function buildPruneSchemas() {
  /** A family-name glob (`./glob.ts`), matched against the whole family name. */
  const familyGlob = z
    .string()
    .check(z.minLength(1, 'a glob must not be empty'), z.superRefine(reportGlobProblem));
  const familyGlobs = z.array(familyGlob);

  /**
   * Which families the function looks at. Including every family by default is safe because
   * `dryRun` defaults to true: the first run shows the operator the whole account's plan, and
   * nothing is removed until they turn dry-run off. Defaulting to no family would make that first
   * dry run empty and hide what the policy would do.
   */
  const families = z.strictObject({
    include: z._default(familyGlobs, ['*']),
    exclude: z._default(familyGlobs, []),
  });

  /** Per-family retention, for the families whose name matches `families` (first entry wins). */
  const familyOverride = z.strictObject({
    families: familyGlob,
    keepNewest: z.optional(z.int().check(z.minimum(1))),
    minAgeDays: z.optional(z.number().check(z.minimum(0))),
  });

  /**
   * Phase 2: delete revisions that have been INACTIVE for `graceDays`. Off by default because
   * deletion is the one irreversible step (an INACTIVE revision can still be described and
   * re-registered from); turning dry-run off must not silently start it. Whatever `graceDays`
   * says, the policy never deletes within ECS's 10-minute deregistration window.
   */
  const deleteInactive = z.strictObject({
    enabled: z._default(z.boolean(), false),
    graceDays: z._default(z.number().check(z.minimum(0)), 30),
  });

  /**
   * A state machine whose ECS task states compute their task definition at run time
   * (`"TaskDefinition.$": "$.job"`, a JSONata `{% … %}` expression): prune cannot tell which
   * revision it runs. Until an entry names it, such a reference blocks every removal (a gap that
   * names the state machine and its state); an entry lists the families it may run, and every
   * revision of those families is kept (reason `dynamic-reference`). An empty list acknowledges a
   * state machine that only ever runs a family's latest revision, which prune always keeps, or
   * families outside `prune.families`.
   */
  const dynamicReference = z.strictObject({
    /** The state machine's name (a glob over the whole name; versions share their machine's name). */
    stateMachine: familyGlob,
    families: familyGlobs,
  });

  const section = z.strictObject({
    /** Plan and report only; no deregistration or deletion is sent. */
    dryRun: z._default(z.boolean(), true),
    families: z.prefault(families, {}),
    /** The newest N ACTIVE revisions of every family are kept. */
    keepNewest: z._default(z.int().check(z.minimum(1)), 10),
    /** ACTIVE revisions registered less than this many days ago are kept. */
    minAgeDays: z._default(z.number().check(z.minimum(0)), 14),
    deleteInactive: z.prefault(deleteInactive, {}),
    /** Guard: at most this many deregistrations plus deletions per run; the rest wait. */
    maxChangesPerRun: z._default(z.int().check(z.minimum(1)), 500),
    familyOverrides: z._default(z.array(familyOverride), []),
    /** State machines whose task definition is computed at run time, and the families they may run. */
    dynamicReferences: z._default(z.array(dynamicReference), []),
    /** Share of ECS's task-definition throttle buckets this function may use (deploys keep the rest). */
    pacingShare: z._default(z.number().check(z.gt(0), z.maximum(1)), 0.5),
  });
  return { familyOverride, dynamicReference, section };
}

let built: ReturnType<typeof buildPruneSchemas> | undefined;
const schemas = () => {
  built ??= buildPruneSchemas();
  return built;
};

/**
 * The `prune:` section of the policy document. `{}` parses to a dry run over every family that
 * keeps the newest 10 revisions and anything younger than 14 days, and deletes nothing.
 *
 * Family-level tag overrides are deliberately not supported: a family has no taggable resource
 * of its own, so such a tag would live on one revision and vanish when that revision is pruned
 * or when a pipeline registers the next revision without it. Per-family retention belongs in
 * `familyOverrides`, which is versioned and reviewed with the policy. The per-revision
 * `ecs-autopilot:retain` tag is supported (see {@link parseRetainTag}).
 */
export const pruneSectionSchema = z.lazy(() => schemas().section);

/** The validated `prune:` section. */
export type PruneConfig = z.infer<typeof pruneSectionSchema>;

/** One entry of `dynamicReferences`. */
export type PruneDynamicReferenceRule = z.infer<ReturnType<typeof schemas>['dynamicReference']>;

/** One entry of `familyOverrides`. */
export type PruneFamilyOverride = z.infer<ReturnType<typeof schemas>['familyOverride']>;

/**
 * Value of the `ecs-autopilot:retain` tag: any value retains (`'true'`, `''`, `'ticket-123'`),
 * except an explicit `false` (any case, surrounding spaces ignored), which is how operators
 * write "release this revision" and would surprise them if it kept the revision.
 */
export const retainTagSchema = z.pipe(
  z.string(),
  z.transform((value) => value.trim().toLowerCase() !== 'false'),
);

/**
 * Parses the `ecs-autopilot:retain` tag value of a revision.
 *
 * @returns true when the revision must be kept; false when the tag is absent or says `false`.
 */
export function parseRetainTag(value: string | undefined): boolean {
  return value !== undefined && retainTagSchema.parse(value);
}

/**
 * The prune function's policy: the `prune:` section, and the `restart:` section (which stopped
 * tasks a restart may still run again, and for how long: their revisions stay in use), compiled
 * into its bundle, or read from a `POLICY_FILE` override and validated.
 */
export const pruneFunctionPolicy: FunctionPolicySource<'prune' | 'restart'> = {
  schemas: { prune: pruneSectionSchema, restart: restartSectionSchema },
  bundled: bundledPrunePolicy,
};
