import type { PrunePlanReason, PruneReason } from './policy/prune-types.ts';

/**
 * Why a revision is kept or removed, in a sentence for the operator (docs/reasons.md). Keyed by
 * every reason a revision decision can carry, so a new reason without an explanation fails the
 * type check.
 */
export const PRUNE_REASON_TEXT: Record<PruneReason, string> = {
  'family-excluded':
    'The family does not match `prune.families.include`, or matches `exclude` (globs over the whole name).',
  'in-use':
    'Referenced by what runs or may run it: a service (its `taskDefinition`, any deployment, PRIMARY, ACTIVE or draining, services scaled to 0 included, or a task set of a CODE_DEPLOY / EXTERNAL controller), a RUNNING or PENDING task, a stopped task that a restart may still run again (within the restart window), the ECS target of a rule on any event bus, an EventBridge Scheduler schedule in any group (ECS templated or universal target), or an ECS task state of a Step Functions state machine or published version (nested Map and Parallel states included). A family-only reference protects the family’s latest revision.',
  'dynamic-reference':
    'A Step Functions state computes its task definition at run time and may name this family: a `States.Format` template with this family, or a `prune.dynamicReferences` entry listing it. Every revision of the family is kept.',
  'retained-tag': 'Tagged `ecs-autopilot:retain` with any value except `false`.',
  'last-active': 'A family’s highest ACTIVE revision: a family is never left without one.',
  'newest-n': 'Among the newest `keepNewest` ACTIVE revisions of the family.',
  'partial-inventory':
    'Part of the in-use inventory could not be read, or a state machine computes a task definition that no `prune.dynamicReferences` entry resolves: nothing is removed in that run.',
  'too-young': 'Registered less than `minAgeDays` ago.',
  'age-unknown':
    'The family’s age could not be established this run (a probe failed, or the change cap was already filled by other families); unknown age never prunes.',
  'delete-disabled': 'An INACTIVE revision, and phase 2 is off (`deleteInactive.enabled: false`).',
  'grace-period':
    'An INACTIVE revision deregistered less than `deleteInactive.graceDays` ago (described, or inferred: registered within the grace period, or above revisions deregistered in order within it).',
  'deregistration-window':
    'Deregistered less than 10 minutes ago: ECS may still start tasks from it.',
  'deregistration-time-unknown':
    'An INACTIVE revision whose deregistration time is unknown: ECS reported none when it was described, or it was not described this run (a probe failed, or the change cap was filled); unknown time never deletes.',
  'over-change-cap': 'Removable, but beyond `maxChangesPerRun`; a later run takes it.',
  stale: 'Deregistered: ACTIVE, beyond the newest N, old enough, unreferenced and untagged.',
  'inactive-past-grace': 'Deleted: INACTIVE past the grace period and unreferenced.',
};

/** What a run as a whole did, in a sentence (docs/reasons.md). */
export const PRUNE_PLAN_REASON_TEXT: Record<PrunePlanReason, string> = {
  'changes-planned': 'The run deregisters or deletes revisions (a dry run only reports them).',
  'nothing-to-prune': 'Every revision is kept.',
  'partial-inventory':
    'Part of the account could not be read, or a dynamic task-definition reference is not resolved (see `gaps`): nothing is removed, and the PartialInventory metric is 1.',
  'guard-refused':
    'The plan removes more than `maxChangesPerRun`: the guard refuses it, nothing is removed, and the GuardRefused metric is 1.',
};
