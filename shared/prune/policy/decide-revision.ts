import type { FamilyRules } from './family-rules.ts';
import { type InactiveRevision, type PruneKeepReason, PruneKeepReasons } from './prune-types.ts';

/** ECS may still start tasks from a revision up to 10 minutes after it is deregistered. */
export const DEREGISTRATION_WINDOW_MS = 10 * 60_000;

/** What is known about one family's ACTIVE revisions. */
export type ActiveFamilyFacts = {
  /** ACTIVE revision numbers, ascending. */
  revisions: readonly number[];
  rules: FamilyRules;
  used: ReadonlySet<number> | undefined;
  /** A family-only reference (a schedule target without revision) uses the latest revision. */
  latestUsed: boolean;
  /** A state machine may name any revision of the family at run time (`dynamicReferences`). */
  dynamicallyReferenced: boolean;
  retained: ReadonlySet<number> | undefined;
};

/**
 * Decides whether a rule that needs no age and no completeness keeps an ACTIVE revision. The
 * order fixes which one reason is reported when several apply: the most specific first, so the
 * report shows how many revisions are really referenced.
 *
 * @returns the keep reason, or undefined when the revision is a candidate for deregistration.
 */
export function decideActiveHold(
  facts: ActiveFamilyFacts,
  index: number,
  revision: number,
): PruneKeepReason | undefined {
  const count = facts.revisions.length;
  const isLatest = index === count - 1;
  if (!facts.rules.included) return PruneKeepReasons.familyExcluded;
  if (facts.used?.has(revision) || (isLatest && facts.latestUsed)) return PruneKeepReasons.inUse;
  if (facts.dynamicallyReferenced) return PruneKeepReasons.dynamicReference;
  if (facts.retained?.has(revision)) return PruneKeepReasons.retainedTag;
  // Independent of keepNewest (which is at least 1 anyway): a family always keeps one revision.
  if (isLatest) return PruneKeepReasons.lastActive;
  if (index >= count - facts.rules.keepNewest) return PruneKeepReasons.newestN;
  return undefined;
}

/**
 * Decides the age rule for a deregistration candidate.
 *
 * @returns `too-young`, `age-unknown`, or undefined when the revision is old enough.
 */
export function decideAge(
  revision: number,
  minAgeMs: number,
  ageCut: number | undefined,
): PruneKeepReason | undefined {
  if (minAgeMs <= 0) return undefined;
  // Without a measured cut the age is unknown, and an unknown age never prunes.
  if (ageCut === undefined) return PruneKeepReasons.ageUnknown;
  return revision <= ageCut ? undefined : PruneKeepReasons.tooYoung;
}

/** What is known about one family's INACTIVE revisions. */
export type InactiveFamilyFacts = {
  rules: FamilyRules;
  deleteEnabled: boolean;
  graceMs: number;
  graceCut: number | undefined;
  used: ReadonlySet<number> | undefined;
  dynamicallyReferenced: boolean;
  retained: ReadonlySet<number> | undefined;
  complete: boolean;
  now: number;
};

/**
 * Decides whether an INACTIVE revision is kept. A described revision is decided on its own
 * deregistration time, wherever the grace cut lies; an undescribed one above the cut is inferred
 * to be within its grace period, and any other undescribed one has an unknown time.
 *
 * @returns the keep reason, or undefined when the revision may be deleted.
 */
export function decideInactiveKeep(
  facts: InactiveFamilyFacts,
  entry: InactiveRevision,
): PruneKeepReason | undefined {
  const { revision, deregisteredAt } = entry;
  if (!facts.rules.included) return PruneKeepReasons.familyExcluded;
  if (!facts.deleteEnabled) return PruneKeepReasons.deleteDisabled;
  if (facts.used?.has(revision)) return PruneKeepReasons.inUse;
  if (facts.dynamicallyReferenced) return PruneKeepReasons.dynamicReference;
  if (facts.retained?.has(revision)) return PruneKeepReasons.retainedTag;
  if (!facts.complete) return PruneKeepReasons.partialInventory;
  if (deregisteredAt === undefined) {
    // Only an undescribed revision above the cut is inferred to be in its grace period: one that
    // was described without a deregistration time has an unknown time, not a young one.
    const inferredYoung =
      entry.described !== true && facts.graceCut !== undefined && revision > facts.graceCut;
    return inferredYoung
      ? PruneKeepReasons.gracePeriod
      : PruneKeepReasons.deregistrationTimeUnknown;
  }
  const inactiveFor = facts.now - deregisteredAt;
  if (inactiveFor < facts.graceMs) return PruneKeepReasons.gracePeriod;
  if (inactiveFor < DEREGISTRATION_WINDOW_MS) return PruneKeepReasons.deregistrationWindow;
  return undefined;
}
