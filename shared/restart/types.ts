import type { CrashLoopHistoryEntry } from './policy/decide-crash-loop.ts';
import type { TaskDefinitionFacts } from './policy/decide-restart.ts';
import type { RestartReason } from './policy/restart-decision.ts';
import type { RestartTags, Tag } from './restart-tags.ts';
import type { TaskStateChange } from './task-state-change.ts';

/**
 * How the stopped task ended, as DescribeTasks reports it: the same fields as the event, read a
 * moment later from ECS's own record, which the decision prefers (see `applyDescribedStop`).
 */
export type DescribedStop = Pick<TaskStateChange, 'stopCode' | 'stoppedReason' | 'containers'> &
  Partial<Pick<TaskStateChange, 'lastStatus' | 'desiredStatus' | 'stoppedAt'>>;

/** What the restart decision needs beyond the event, read from ECS. */
export type RestartFacts = {
  /** False when ECS no longer knows the stopped task (late event): its tags are unknown. */
  taskFound: boolean;
  /** The stopped task's tags (copied to the restarted task, `aws:` ones dropped later). */
  tags: Tag[];
  restartTags: RestartTags;
  /** The stop as DescribeTasks reports it (absent when ECS no longer knows the task). */
  describedStop?: DescribedStop;
  definition: TaskDefinitionFacts;
  history: CrashLoopHistoryEntry[];
  /** Whether the crash-loop history was read (never for capacity losses). */
  historyRead: boolean;
  /** The history scan stopped at its cap (`HISTORY_MAX_TASKS`): the failure count is a lower bound. */
  historyTruncated?: boolean;
};

/** Reasons of the function's own steps, beside the policy's {@link RestartReason}s. */
export const RESTART_STEP_REASONS = {
  /** DescribeTasks no longer finds the stopped task: its lineage and attempt are unknown. */
  taskNotFound: 'task-not-found',
  /** This container already ran or scheduled the same clientToken (a repeated event). */
  duplicateEvent: 'duplicate-event',
  /**
   * A capacity loss's STOPPED event whose replacement the interruption warning already started:
   * ECS answered RunTask with that task (created before the stop), or this container remembers it.
   */
  replacedBeforeStop: 'replaced-before-stop',
  /** RunTask failed on the interruption warning: the STOPPED event that follows restarts it. */
  leftToStopEvent: 'left-to-stop-event',
  /** This container already started the task of a repeated delay-queue message. */
  duplicateMessage: 'duplicate-message',
  /** A delayed restart whose task the current policy no longer selects: it is dropped. */
  noLongerSelected: 'no-longer-selected',
  /** A delayed restart arrived before its time (a redrive): it waits again. */
  notYetDue: 'not-yet-due',
  /** RunTask failed and the restart went back to the delay queue. */
  runTaskRetry: 'run-task-retry',
  /** RunTask failed `runTaskRetry.maxRetries` times: the restart is abandoned. */
  runTaskBudgetExhausted: 'run-task-budget-exhausted',
  /** ECS refused the RunTask request itself (retrying cannot fix it): the restart is abandoned. */
  runTaskRejected: 'run-task-rejected',
} as const;

/** A reason of the function's own steps. */
export type RestartStepReason = (typeof RESTART_STEP_REASONS)[keyof typeof RESTART_STEP_REASONS];

/** Every reason a restart outcome can carry: the policy's and the function's own. */
export type RestartOutcomeReason = RestartReason | RestartStepReason;

/** What became of one restart the function acted on (logged, counted, audited, returned). */
export type RestartOutcome = {
  action: 'restarted' | 'delayed' | 'skipped' | 'abandoned' | 'duplicate' | 'dry-run';
  /** Stable kebab-case reason (a decision reason, or one of the function's own steps). */
  reason: RestartOutcomeReason;
  stoppedTaskArn: string;
  clusterArn: string;
  family: string;
  lineage: string;
  attempt: number;
  delaySeconds?: number;
  newTaskArn?: string;
  /** RunTask tries that failed before this outcome (delay-queue path). */
  runTaskRetries?: number;
  /** Why RunTask failed, when it did (`RESOURCE:MEMORY`, `ThrottlingException: …`). */
  failure?: string;
};
