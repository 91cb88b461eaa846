import type {
  DynamicReference,
  InUseSourceSummary,
  ResolvedDynamicReference,
} from './in-use-sources.ts';

/**
 * Plain data in and out of the prune policy. The inventory is compact on purpose (revision
 * numbers per family, not objects per revision) so an account of 12,000 revisions costs a few
 * hundred kilobytes.
 */

/** Why a revision is kept. Stable kebab-case codes used in logs, metrics and the audit event. */
export const PruneKeepReasons = {
  /** The family is not selected by `families.include` / `families.exclude`. */
  familyExcluded: 'family-excluded',
  /** Referenced by any source of the in-use inventory (see `IN_USE_SOURCES`). */
  inUse: 'in-use',
  /** A state machine computes its task definition at run time and may name any revision of it. */
  dynamicReference: 'dynamic-reference',
  /** Tagged `ecs-autopilot:retain`. */
  retainedTag: 'retained-tag',
  /** The family's highest ACTIVE revision: a family is never left without one. */
  lastActive: 'last-active',
  /** Among the newest `keepNewest` ACTIVE revisions of its family. */
  newestN: 'newest-n',
  /** Part of the in-use inventory could not be read, so nothing is removed this run. */
  partialInventory: 'partial-inventory',
  /** Registered less than `minAgeDays` ago. */
  tooYoung: 'too-young',
  /** The handler did not establish the family's age cut; unknown age never prunes. */
  ageUnknown: 'age-unknown',
  /** Phase 2 is disabled (`deleteInactive.enabled: false`). */
  deleteDisabled: 'delete-disabled',
  /** INACTIVE for less than `deleteInactive.graceDays`. */
  gracePeriod: 'grace-period',
  /** Deregistered less than 10 minutes ago: ECS may still start tasks from it. */
  deregistrationWindow: 'deregistration-window',
  /** The handler did not provide `deregisteredAt`; unknown time never deletes. */
  deregistrationTimeUnknown: 'deregistration-time-unknown',
  /** Removable, but beyond `maxChangesPerRun`; a later run picks it up. */
  overChangeCap: 'over-change-cap',
} as const;

/** A reason to keep a revision. */
export type PruneKeepReason = (typeof PruneKeepReasons)[keyof typeof PruneKeepReasons];

/** Why a revision is removed. */
export const PruneRemoveReasons = {
  /** ACTIVE, beyond the newest N, old enough, unreferenced and untagged. */
  stale: 'stale',
  /** INACTIVE past the grace period and unreferenced. */
  inactivePastGrace: 'inactive-past-grace',
} as const;

/** A reason to remove a revision. */
export type PruneRemoveReason = (typeof PruneRemoveReasons)[keyof typeof PruneRemoveReasons];

/** Every reason a revision decision can carry. */
export type PruneReason = PruneKeepReason | PruneRemoveReason;

/** What happens to one revision. */
export type PruneAction = 'keep' | 'deregister' | 'delete';

/**
 * A re-iterable collection of references (never a one-shot iterator: the probe planners and the
 * plan each read it, and an exhausted iterator would look like "nothing in use").
 */
export type RefCollection = readonly string[] | ReadonlySet<string>;

/** An INACTIVE revision, for phase 2. */
export type InactiveRevision = {
  revision: number;
  /** Epoch ms from DescribeTaskDefinition's `deregisteredAt`; absent when not described. */
  deregisteredAt?: number;
  /** Described this run: an absent `deregisteredAt` then means ECS reported none. */
  described?: boolean;
};

/**
 * What the handler gathered. Family keys are exact family names; revision arrays are ascending
 * (ListTaskDefinitions with `sort: 'ASC'` already returns them in that order).
 */
export type PruneInventory = {
  /** ACTIVE revision numbers per family, ascending, from one ordered ListTaskDefinitions scan. */
  activeRevisions: ReadonlyMap<string, readonly number[]>;
  /**
   * Per family: the highest ACTIVE revision registered at or before `now - minAge` (0 when none
   * is), found with {@link findAgeCut} over {@link planAgeProbes}' candidates. A family with
   * candidates but no entry keeps them as `age-unknown` (unless its minimum age is 0).
   */
  ageCuts: ReadonlyMap<string, number>;
  /** INACTIVE revisions per family, ascending by revision (phase 2; omit when it is disabled). */
  inactiveRevisions?: ReadonlyMap<string, readonly InactiveRevision[]>;
  /**
   * Per family: how far the grace search ({@link findGraceCut}) described. Every candidate at or
   * below it was described and is decided on its own times; an undescribed revision above it is
   * inferred to be still in its grace period (registered within it, or deregistered after
   * revisions that were deregistered in order within it). Optional: without it only
   * `deregisteredAt` decides.
   */
  inactiveGraceCuts?: ReadonlyMap<string, number>;
  /**
   * Task-definition references in use (full ARNs or `family:revision`), from every source of
   * {@link IN_USE_SOURCES}: services (own field, deployments, task sets), RUNNING/PENDING tasks,
   * pending restarts, rules on every bus, Scheduler schedules, Step Functions definitions.
   * A family-only reference (no `:revision`) protects that family's latest ACTIVE revision.
   */
  inUse: RefCollection;
  /** References of revisions whose `ecs-autopilot:retain` tag {@link parseRetainTag} accepts. */
  retained: RefCollection;
  /** False when any part of the in-use or retain inventory could not be read. */
  complete: boolean;
  /** What could not be read (e.g. `'cluster prod: AccessDenied'`), for the report. */
  gaps: readonly string[];
  /** What each in-use source read and gave, for the report (absent: not reported). */
  sources?: readonly InUseSourceSummary[];
  /** References the inventory could not read statically (see `resolveDynamicReferences`). */
  dynamicReferences?: readonly DynamicReference[];
  /**
   * `not-needed`: no revision was old enough to be removed, so no in-use source was read (they
   * could only have kept more). Absent: read.
   */
  inUseScan?: 'read' | 'not-needed';
};

/** The decision for one revision: kept with a keep reason, or removed with a remove reason. */
export type PruneRevisionDecision = {
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
} & (
  | { action: 'keep'; reason: PruneKeepReason }
  | { action: Exclude<PruneAction, 'keep'>; reason: PruneRemoveReason }
);

/** Counts for one family (or the totals). */
export type PruneCounts = {
  /** Revisions kept, by reason (reasons with zero are absent). */
  kept: Partial<Record<PruneKeepReason, number>>;
  /** Deregistrations planned, or done when summarised with an outcome. */
  deregistered: number;
  /** Deletions planned, or done when summarised with an outcome. */
  deleted: number;
  /** Planned removals that the outcome does not report as done (failed or not reached). */
  pending: number;
  /** ACTIVE revisions left after the deregistrations. */
  remainingActive: number;
  /** INACTIVE revisions left after the deletions. */
  remainingInactive: number;
};

/** Per-family counts and totals, for the report. */
export type PruneSummary = {
  /** True when the counts reflect an executed outcome rather than the plan. */
  executed: boolean;
  families: readonly ({ family: string } & PruneCounts)[];
  totals: PruneCounts & { families: number };
};

/**
 * What the run as a whole does. `partial-inventory`: part of the account could not be read, so
 * nothing is removed; `guard-refused`: the plan removed more than `maxChangesPerRun` allows.
 */
export type PrunePlanReason =
  | 'changes-planned'
  | 'nothing-to-prune'
  | 'partial-inventory'
  | 'guard-refused';

/** The prune plan: every revision considered, what to remove, in order, and a summary. */
export type PrunePlan = {
  reason: PrunePlanReason;
  /** Echo of the policy's `dryRun`: when true the act step sends nothing. */
  dryRun: boolean;
  /** Inventory gaps that blocked removals (empty when the inventory was complete). */
  gaps: readonly string[];
  /** Every source the inventory read, with what it gave. */
  sources: readonly InUseSourceSummary[];
  /** `not-needed`: nothing was old enough to remove, so no in-use source was read. */
  inUseScan: 'read' | 'not-needed';
  /** References computed at run time, and how this run treated each. */
  dynamicReferences: readonly ResolvedDynamicReference[];
  /** Why the guard refused the plan (reason `guard-refused`). */
  guardRefusal?: string;
  /** Every revision considered, by family then revision. */
  decisions: readonly PruneRevisionDecision[];
  /** `family:revision` to deregister: oldest first within a family, families interleaved. */
  deregister: readonly string[];
  /** `family:revision` to delete, same order; send with {@link batchForDelete}. */
  delete: readonly string[];
  summary: PruneSummary;
};
