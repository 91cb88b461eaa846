import type { RestartConfig } from '../../shared/config/restart-section.ts';
import type { RestartFacts } from '../../shared/restart/gather-facts.ts';
import { buildRunTaskInput } from '../../shared/restart/policy/build-run-task-input.ts';
import { decideRestart } from '../../shared/restart/policy/decide-restart.ts';
import { REDACTED, redactRunTaskInput } from '../../shared/restart/policy/redact-overrides.ts';
import type { RestartDecision } from '../../shared/restart/policy/restart-decision.ts';
import type { Tag } from '../../shared/restart/restart-tags.ts';
import type { RunTaskInput } from '../../shared/restart/run-task-input.ts';
import type { TaskStateChange } from '../../shared/restart/task-state-change.ts';

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
 * Runs the restart function's decision steps on gathered facts, exactly as its handler does
 * for a task state change (task not found → skip; else the pure restart policy, then the
 * RunTask request a restart would send), and stops there: nothing is sent or queued.
 *
 * @returns the decision, its effect, and for a vanished task the decision it would have had.
 * @throws never.
 */
export function explainRestart(
  task: TaskStateChange,
  facts: RestartFacts,
  config: RestartConfig,
  now: number,
): RestartExplanation {
  const decide = () =>
    decideRestart({
      task,
      tags: facts.restartTags,
      definition: facts.definition,
      config,
      history: facts.history,
      now,
      random: JITTER_MIDPOINT,
    });
  const dryRun = config.dryRun;
  const shown = { ...facts, tags: facts.tags.map(maskTag) };
  if (!facts.taskFound) {
    // Without its tags the lineage and attempt are unknown: restarting could reset the budget.
    const decision: TaskNotFoundDecision = {
      action: 'skip',
      reason: 'task-not-found',
      lineage: task.taskId,
      attempt: 0,
    };
    return { decision, effect: 'nothing', dryRun, ifTaskFound: decide(), facts: shown };
  }
  const decision = decide();
  if (decision.action !== 'restart') {
    return {
      decision,
      effect: decision.action === 'abandon' ? 'abandon' : 'nothing',
      dryRun,
      facts: shown,
    };
  }
  return {
    decision,
    effect: decision.delaySeconds === 0 ? 'run-task-now' : 'delay-then-run-task',
    dryRun,
    runTaskInput: redactRunTaskInput(buildRunTaskInput(task, facts.tags, decision)),
    facts: shown,
  };
}

/** Tags are not meant for secrets, but launchers put tokens there: only our own are shown. */
function maskTag(tag: Tag): Tag {
  return tag.key.startsWith('ecs-autopilot:') ? tag : { key: tag.key, value: REDACTED };
}
