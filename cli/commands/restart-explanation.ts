import type { RestartConfig } from '../../shared/config/restart-section.ts';

import { planStoppedTaskRestart } from '../../shared/restart/policy/plan-restart.ts';
import { REDACTED, redactRunTaskInput } from '../../shared/restart/policy/redact-overrides.ts';
import type { RestartDecision } from '../../shared/restart/policy/restart-decision.ts';
import type { Tag } from '../../shared/restart/restart-tags.ts';
import type { RunTaskInput } from '../../shared/restart/run-task-input.ts';
import type { TaskStateChange } from '../../shared/restart/task-state-change.ts';
import type { RestartFacts } from '../../shared/restart/types.ts';

/** The handler's own skip when DescribeTasks no longer finds the stopped task. */
export type TaskNotFoundDecision = {
  action: 'skip';
  reason: 'task-not-found';
  lineage: string;
  attempt: 0;
};

/** What the restart function does with a decision. */
export type RestartEffect = 'nothing' | 'abandon' | 'run-task-now' | 'delay-then-run-task';

/** Everything `explain` shows: the facts read, the decision and what would follow from it. */
export type RestartExplanation = {
  decision: RestartDecision | TaskNotFoundDecision;
  effect: RestartEffect;
  /** `restart.dryRun`: the function would log the decision and send nothing. */
  dryRun: boolean;
  /** The RunTask request a restart would send (environment values and secrets masked). */
  runTaskInput?: RunTaskInput;
  /** When ECS no longer knows the task: the decision had it been found, with no tags. */
  ifTaskFound?: RestartDecision;
  /** The facts read, the stopped task's tag values masked as in the function's logs. */
  facts: RestartFacts;
};

// The backoff's jitter is drawn at random in the function; the midpoint shows the base delay.
const JITTER_MIDPOINT = 0.5;

/**
 * Runs the restart function's own plan on gathered facts (task not found → skip; else the pure
 * restart policy, then the RunTask request a restart would send), and stops there: nothing is sent
 * or queued. It plans as a live run would (not a dry run, no duplicate seen), so the effect shown
 * is what the function does once `restart.dryRun` is off; `dryRun` says whether it is.
 *
 * @returns the decision, its effect, and for a vanished task the decision it would have had.
 * @throws never.
 */
export function explainRestart(
  task: TaskStateChange,
  facts: RestartFacts,
  config: RestartConfig,
  options: { now: number; passableRoleNames: string },
): RestartExplanation {
  const { now, passableRoleNames } = options;
  const plan = (known: RestartFacts) =>
    planStoppedTaskRestart({
      task,
      facts: known,
      config,
      now,
      random: JITTER_MIDPOINT,
      dryRun: false,
      recentTokens: new Map(),
      passableRoleNames,
    });
  const planned = plan(facts);
  const dryRun = config.dryRun;
  const shown = { ...facts, tags: facts.tags.map(maskTag) };
  const { decision, step } = planned;
  if (decision === undefined) {
    const notFound: TaskNotFoundDecision = {
      action: 'skip',
      reason: 'task-not-found',
      lineage: task.taskId,
      attempt: 0,
    };
    const ifTaskFound = plan({ ...facts, taskFound: true }).decision;
    return { decision: notFound, effect: 'nothing', dryRun, ifTaskFound, facts: shown };
  }
  const effect: RestartEffect =
    step.kind === 'run-now'
      ? 'run-task-now'
      : step.kind === 'delay'
        ? 'delay-then-run-task'
        : decision.action === 'abandon'
          ? 'abandon'
          : 'nothing';
  const runTaskInput = planned.runTaskInput && redactRunTaskInput(planned.runTaskInput);
  return { decision, effect, dryRun, ...(runTaskInput ? { runTaskInput } : {}), facts: shown };
}

/** Tags are not meant for secrets, but launchers put tokens there: only our own are shown. */
function maskTag(tag: Tag): Tag {
  return tag.key.startsWith('ecs-autopilot:') ? tag : { key: tag.key, value: REDACTED };
}
