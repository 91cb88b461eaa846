/** The prune policy's public API: pure planning for task-definition hygiene. */
export { batchForDelete, DELETE_BATCH_SIZE } from './batch-for-delete.ts';
export { interleaveByRank, splitChangeCap } from './change-cap.ts';
export { DEREGISTRATION_WINDOW_MS } from './decide-revision.ts';
export { compileFamilyRules } from './family-rules.ts';
export { findAgeCut } from './find-age-cut.ts';
export { findGraceCut, type GraceProbe } from './find-grace-cut.ts';
export { guardPrunePlan } from './guard-prune-plan.ts';
export * from './in-use-sources.ts';
export { isPendingRestart, type StoppedTask } from './pending-restarts.ts';
export { type AgeProbe, planAgeProbes, planGraceProbes } from './plan-probes.ts';
export { planPrune } from './plan-prune.ts';
export * from './prune-types.ts';
export type { ProbeInventory } from './run-facts.ts';
export {
  mayRunEcsTask,
  readScheduleTarget,
  type ScheduleTargetFacts,
  type ScheduleTargetReference,
} from './schedule-target-references.ts';
export {
  type DefinitionReferences,
  findStateMachineReferences,
} from './state-machine-references.ts';
export { type PruneOutcome, summarizePrunePlan } from './summarize-prune-plan.ts';
export {
  formatTaskDefinitionRef,
  indexRevisionRefs,
  parseTaskDefinitionRef,
  type TaskDefinitionRef,
} from './task-definition-ref.ts';
