import * as z from 'zod';
import { reportGlobProblem } from './glob.ts';

/** Tag key on a task-definition revision that keeps it forever, whatever the other rules say. */
export const RETAIN_TAG_KEY = 'ecs-autopilot:retain';

/** A family-name glob (`./glob.ts`), matched against the whole family name. */
const familyGlobSchema = z
  .string()
  .min(1, 'a glob must not be empty')
  .superRefine(reportGlobProblem);
const familyGlobsSchema = z.array(familyGlobSchema);

/**
 * Which families the function looks at. Including every family by default is safe because
 * `dryRun` defaults to true: the first run shows the operator the whole account's plan, and
 * nothing is removed until they turn dry-run off. Defaulting to no family would make that first
 * dry run empty and hide what the policy would do.
 */
const familiesSchema = z
  .object({
    include: familyGlobsSchema.default(['*']),
    exclude: familyGlobsSchema.default([]),
  })
  .strict();

/** Per-family retention, for the families whose name matches `families` (first entry wins). */
const familyOverrideSchema = z
  .object({
    families: familyGlobSchema,
    keepNewest: z.int().min(1).optional(),
    minAgeDays: z.number().min(0).optional(),
  })
  .strict();

/**
 * Phase 2: delete revisions that have been INACTIVE for `graceDays`. Off by default because
 * deletion is the one irreversible step (an INACTIVE revision can still be described and
 * re-registered from); turning dry-run off must not silently start it. Whatever `graceDays`
 * says, the policy never deletes within ECS's 10-minute deregistration window.
 */
const deleteInactiveSchema = z
  .object({
    enabled: z.boolean().default(false),
    graceDays: z.number().min(0).default(30),
  })
  .strict();

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
export const pruneSectionSchema = z
  .object({
    /** Plan and report only; no deregistration or deletion is sent. */
    dryRun: z.boolean().default(true),
    families: familiesSchema.prefault({}),
    /** The newest N ACTIVE revisions of every family are kept. */
    keepNewest: z.int().min(1).default(10),
    /** ACTIVE revisions registered less than this many days ago are kept. */
    minAgeDays: z.number().min(0).default(14),
    deleteInactive: deleteInactiveSchema.prefault({}),
    /** Guard: at most this many deregistrations plus deletions per run; the rest wait. */
    maxChangesPerRun: z.int().min(1).default(500),
    familyOverrides: z.array(familyOverrideSchema).default([]),
    /** Share of ECS's task-definition throttle buckets this function may use (deploys keep the rest). */
    pacingShare: z.number().gt(0).max(1).default(0.5),
  })
  .strict();

/** The validated `prune:` section. */
export type PruneConfig = z.infer<typeof pruneSectionSchema>;

/** One entry of `familyOverrides`. */
export type PruneFamilyOverride = z.infer<typeof familyOverrideSchema>;

/**
 * Value of the `ecs-autopilot:retain` tag: any value retains (`'true'`, `''`, `'ticket-123'`),
 * except an explicit `false` (any case, surrounding spaces ignored), which is how operators
 * write "release this revision" and would surprise them if it kept the revision.
 */
export const retainTagSchema = z
  .string()
  .transform((value) => value.trim().toLowerCase() !== 'false');

/**
 * Parses the `ecs-autopilot:retain` tag value of a revision.
 *
 * @returns true when the revision must be kept; false when the tag is absent or says `false`.
 */
export function parseRetainTag(value: string | undefined): boolean {
  return value !== undefined && retainTagSchema.parse(value);
}
