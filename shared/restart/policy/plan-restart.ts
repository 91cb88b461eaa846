import type { RestartConfig } from '../../config/restart-section.ts';
import type { DelayedRestartMessage } from '../delayed-restart-message.ts';
import type { RunTaskInput } from '../run-task-input.ts';
import type { TaskStateChange } from '../task-state-change.ts';
import { type RestartFacts, type RestartOutcome, RESTART_STEP_REASONS as S } from '../types.ts';
import { applyDescribedStop } from './apply-described-stop.ts';
import { buildRunTaskInput } from './build-run-task-input.ts';
import { decideRestart } from './decide-restart.ts';
import { buildDelayedRestartMessage } from './plan-delayed-restart.ts';
import { isCapacityLoss, isInterruptionWarning } from './resolve-capacity.ts';
import type { RestartDecision } from './restart-decision.ts';

/** What the act step does next: report only, RunTask now, or send to the delay queue. */
export type RestartStep =
  | { kind: 'report'; outcome: RestartOutcome }
  | {
      kind: 'run-now';
      message: DelayedRestartMessage;
      /**
       * Started on an interruption warning, before the task stops: a failed RunTask is left to
       * the STOPPED event that follows, never queued (one retry path per interruption).
       */
      beforeStop?: true;
      /**
       * A capacity loss's STOPPED event: when ECS answers with a task created before this time
       * (epoch ms), the warning already replaced it.
       */
      stoppedAt?: number;
    }
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
  /** clientTokens this container started a replacement for on an interruption warning. */
  replacedBeforeStop?: ReadonlySet<string>;
  /** The stage's `passableTaskRoleNames`: role names the function may pass (IAM wildcards). */
  passableRoleNames: string;
};

/**
 * Plans what the function does about one stopped task (or one ECS warned it will stop for a
 * capacity loss), from the facts gathered: a task ECS no longer knows is skipped (without its tags
 * the lineage and attempt are unknown, and restarting could reset the attempt budget); otherwise
 * the restart policy decides; a restart is a dry run, a duplicate of a clientToken this container
 * already handled (`replaced-before-stop` for a capacity loss's STOPPED event whose replacement
 * the warning started), an immediate RunTask (marked to run before the stop on a warning, or with
 * the stop time on a capacity loss's STOPPED event), or a trip through the delay queue. The CLI's
 * `explain` runs this same plan.
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
  const described = applyDescribedStop(task, facts.describedStop);
  const decision = decideRestart({
    task: described,
    tags: facts.restartTags,
    definition: facts.definition,
    config: input.config,
    history: facts.history,
    now,
    random: input.random,
    passableRoleNames: input.passableRoleNames,
    ...(facts.historyTruncated === true ? { historyTruncated: true } : {}),
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
  const token = runTaskInput.clientToken;
  const warned = isInterruptionWarning(described);
  // A capacity loss's STOPPED event, after (or without) the warning.
  const lostCapacity = !warned && isCapacityLoss(described);
  const remembered = input.recentTokens.get(token);
  if (remembered !== undefined) {
    const early = lostCapacity && input.replacedBeforeStop?.has(token) === true;
    const started = remembered === 'scheduled' ? {} : { newTaskArn: remembered };
    const replay = early ? S.replacedBeforeStop : S.duplicateEvent;
    return report({ ...decided, action: 'duplicate', reason: replay, ...started });
  }
  if (delaySeconds === 0) {
    const timing = warned
      ? { beforeStop: true as const }
      : lostCapacity && described.stoppedAt !== undefined
        ? { stoppedAt: described.stoppedAt }
        : {};
    return { decision, runTaskInput, step: { kind: 'run-now', message, ...timing } };
  }
  const outcome: RestartOutcome = { ...decided, action: 'delayed', reason, delaySeconds };
  return { decision, runTaskInput, step: { kind: 'delay', message, delaySeconds, outcome } };
}
