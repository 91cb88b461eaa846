import { formatIssues } from '../config/format-issues.ts';
import * as z from '../config/zod.ts';
import { InvalidEventError } from '../runtime/errors.ts';

/** ECS family names: up to 255 letters, digits, underscores and hyphens. */
const familyNameSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,255}$/, 'must be an exact family name (no globs, no revision)'));

/** The schedule's EventBridge `Scheduled Event`; only what the report quotes is read. */
const scheduledEventSchema = z.object({
  id: z.string().check(z.minLength(1)),
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  time: z.string().check(z.minLength(1)),
});

/**
 * An operator's manual invocation. Strict, because a mistyped `dryrun: true` that was silently
 * ignored would turn an intended dry run into a real one.
 */
const manualInvocationSchema = z.strictObject({
  /** Can only make the run safer: `false` never overrides a policy or stage dry run. */
  dryRun: z.optional(z.boolean()),
  /** Exact family names the run is restricted to. */
  families: z.optional(
    z.array(familyNameSchema).check(z.minLength(1, 'list at least one family, or omit the key')),
  ),
});

/** What started a prune run, normalised. */
export type PruneInvocation =
  | { kind: 'scheduled'; eventId: string; time: string }
  | { kind: 'manual'; dryRun: boolean | undefined; families: readonly string[] | undefined };

/**
 * Parses the prune function's payload: the schedule's `Scheduled Event`, or a manual
 * `{ dryRun?, families? }` (an empty or missing payload is a manual run of the whole policy).
 *
 * @returns the normalised invocation; a manual payload only ever restricts or dry-runs the policy.
 * @throws InvalidEventError naming every problem (`path: message`).
 */
export function parsePruneInvocation(raw: unknown): PruneInvocation {
  if (isScheduledEvent(raw)) {
    const result = scheduledEventSchema.safeParse(raw);
    if (!result.success) throw new InvalidEventError(formatIssues(result.error.issues));
    return { kind: 'scheduled', eventId: result.data.id, time: result.data.time };
  }
  const result = manualInvocationSchema.safeParse(raw ?? {});
  if (!result.success) throw new InvalidEventError(formatIssues(result.error.issues));
  return { kind: 'manual', dryRun: result.data.dryRun, families: result.data.families };
}

/** EventBridge envelopes carry `detail-type`; a manual payload never does. */
function isScheduledEvent(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'detail-type' in raw;
}
