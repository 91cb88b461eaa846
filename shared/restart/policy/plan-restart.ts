import type { RestartConfig } from '../../config/restart-section.ts';
import type { DelayedRestartMessage } from '../delayed-restart-message.ts';
import type { RunTaskInput } from '../run-task-input.ts';
import type { TaskStateChange } from '../task-state-change.ts';
import { type RestartFacts, type RestartOutcome, RESTART_STEP_REASONS as S } from '../types.ts';
import { applyDescribedStop } from './apply-described-stop.ts';
import { buildRunTaskInput } from './build-run-task-input.ts';
import { decideRestart } from './decide-restart.ts';
import { buildDelayedRestartMessage } from './plan-delayed-restart.ts';
import type { RestartDecision } from './restart-decision.ts';

/** What the act step does next: report only, RunTask now, or send to the delay queue. */
export type RestartStep =
  | { kind: 'report'; outcome: RestartOutcome }
  | { kind: 'run-now'; message: DelayedRestartMessage }
  | {
      kind: 'delay';
      message: DelayedRestartMessage;
      delaySeconds: number;
      outcome: RestartOutcome;
    };

/** A stopped task's plan: the policy's decision, the request a restart sends, and the step. */
export type StoppedTaskRestartPlan = {
  /** Undefined when ECS no longer knew the task (nothing to decide on). */
  decision: RestartDecision | undefined;
  /** The RunTask request a restart sends (unredacted: redact before logging). */
  runTaskInput: RunTaskInput | undefined;
  step: RestartStep;
};

/** Everything {@link planStoppedTaskRestart} needs, as plain data. */
export type StoppedTaskPlanInput = {
  task: TaskStateChange;
  facts: RestartFacts;
  config: RestartConfig;
  /** Epoch ms. */
  now: number;
  /** In [0, 1), for backoff jitter. */
  random: number;
  dryRun: boolean;
  /** clientTokens this container already ran or scheduled (`scheduled` or the task ARN). */
  recentTokens: ReadonlyMap<string, string>;
};

/**
 * Plans what the function does about one stopped task, from the facts gathered: a task ECS no
 * longer knows is skipped (without its tags the lineage and attempt are unknown, and restarting
 * could reset the attempt budget); otherwise the restart policy decides; a restart is a dry run,
 * a duplicate of a clientToken this container already handled, an immediate RunTask, or a trip
 * through the delay queue. The CLI's `explain` runs this same plan.
 *
 * @returns the decision, the RunTask request, and the step to take; never throws.
 */
export function planStoppedTaskRestart(input: StoppedTaskPlanInput): StoppedTaskRestartPlan {
  const { task, facts, now } = input;
  const base = { stoppedTaskArn: task.taskArn, clusterArn: task.clusterArn, family: task.family };
  if (!facts.taskFound) {
    const outcome: RestartOutcome = {
      ...base,
      action: 'skipped',
      reason: S.taskNotFound,
      lineage: task.taskId,
      attempt: 0,
    };
    return { decision: undefined, runTaskInput: undefined, step: { kind: 'report', outcome } };
  }
  const decision = decideRestart({
    task: applyDescribedStop(task, facts.describedStop),
    tags: facts.restartTags,
    definition: facts.definition,
    config: input.config,
    history: facts.history,
    now,
    random: input.random,
  });
  const decided = { ...base, lineage: decision.lineage, attempt: decision.attempt };
  const { reason } = decision;
  if (decision.action !== 'restart') {
    const action = decision.action === 'skip' ? 'skipped' : 'abandoned';
    const step: RestartStep = { kind: 'report', outcome: { ...decided, action, reason } };
    return { decision, runTaskInput: undefined, step };
  }
  const runTaskInput = buildRunTaskInput(task, facts.tags, decision);
  const message = buildDelayedRestartMessage(task, decision, runTaskInput, now);
  const { delaySeconds } = decision;
  const report = (outcome: RestartOutcome) => ({
    decision,
    runTaskInput,
    step: { kind: 'report', outcome } as const,
  });
  if (input.dryRun) return report({ ...decided, action: 'dry-run', reason, delaySeconds });
  if (input.recentTokens.has(runTaskInput.clientToken)) {
    return report({ ...decided, action: 'duplicate', reason: S.duplicateEvent });
  }
  if (delaySeconds === 0) return { decision, runTaskInput, step: { kind: 'run-now', message } };
  const outcome: RestartOutcome = { ...decided, action: 'delayed', reason, delaySeconds };
  return { decision, runTaskInput, step: { kind: 'delay', message, delaySeconds, outcome } };
}

/**
 * Plans a restart the delay queue delivered: one that arrived early (a redrive, or a queue delay
 * longer than ours) waits again; a dry run reports; a clientToken this container already started
 * a task for is a duplicate delivery; anything else runs now.
 *
 * @returns the step; never throws.
 */
export function planDueRestart(input: {
  message: DelayedRestartMessage;
  now: number;
  dryRun: boolean;
  recentTokens: ReadonlyMap<string, string>;
}): RestartStep {
  const { message } = input;
  const base = outcomeBaseOf(message);
  const early = Math.ceil((message.notBefore - input.now) / 1000);
  if (early > 0) {
    const outcome: RestartOutcome = {
      ...base,
      action: 'delayed',
      reason: S.notYetDue,
      delaySeconds: early,
    };
    if (input.dryRun) return { kind: 'report', outcome };
    return { kind: 'delay', message, delaySeconds: early, outcome };
  }
  if (input.dryRun) return { kind: 'report', outcome: { ...base, action: 'dry-run' } };
  const previous = input.recentTokens.get(message.runTaskInput.clientToken);
  if (previous !== undefined && previous !== 'scheduled') {
    const outcome: RestartOutcome = {
      ...base,
      action: 'duplicate',
      reason: S.duplicateMessage,
      newTaskArn: previous,
    };
    return { kind: 'report', outcome };
  }
  return { kind: 'run-now', message };
}

/** The task, lineage and attempt a delayed-restart message is about: every outcome names them. */
export function outcomeBaseOf(
  message: DelayedRestartMessage,
): Pick<
  RestartOutcome,
  'stoppedTaskArn' | 'clusterArn' | 'family' | 'lineage' | 'attempt' | 'reason'
> {
  return {
    stoppedTaskArn: message.stoppedTaskArn,
    clusterArn: message.clusterArn,
    family: message.family,
    lineage: message.lineage,
    attempt: message.attempt,
    reason: message.reason,
  };
}
