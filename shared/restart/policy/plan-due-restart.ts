import type { RestartConfig } from '../../config/restart-section.ts';
import type { DelayedRestartMessage } from '../delayed-restart-message.ts';
import { parseRestartTags } from '../restart-tags.ts';
import { type RestartOutcome, RESTART_STEP_REASONS as S } from '../types.ts';
import { findUnpassableRoles, listPassedRoles, readArnScope } from './check-passable-roles.ts';
import type { TaskDefinitionFacts } from './decide-restart.ts';
import type { RestartStep } from './plan-restart.ts';
import { resolveRestartMode } from './resolve-restart-mode.ts';
import { RESTART_REASONS as R } from './restart-decision.ts';

/** Everything {@link planDueRestart} needs, as plain data. */
export type DueRestartPlanInput = {
  message: DelayedRestartMessage;
  /** The `restart:` policy now: a message runs only while it still selects the task. */
  config: Pick<RestartConfig, 'select'>;
  /**
   * The task definition the message would run, as ECS describes it (never from the message), or
   * why ECS would not describe it (a revision deleted since).
   */
  definition:
    | Pick<TaskDefinitionFacts, 'taskRoleArn' | 'executionRoleArn'>
    | { unreadable: string };
  /** The stage's `passableTaskRoleNames`. */
  passableRoleNames: string;
  /** Epoch ms. */
  now: number;
  dryRun: boolean;
  /** clientTokens this container already ran or scheduled (`scheduled` or the task ARN). */
  recentTokens: ReadonlyMap<string, string>;
};

/**
 * Plans a restart the delay queue delivered. The message is checked again before anything else:
 * a task the current policy no longer selects (by a `select` entry, or the `ecs-autopilot:restart`
 * tag it carries) is `no-longer-selected`, and a RunTask that would pass a role outside the
 * stage's passable roles is abandoned as `role-not-passable`: a queued body is never trusted to
 * say what may run; one whose task definition ECS no longer describes is abandoned as
 * `run-task-rejected`. Then one that arrived early (a redrive, or a queue delay longer than ours)
 * waits again; a dry run reports; a clientToken this container already started a task for is a
 * duplicate delivery; anything else runs now.
 *
 * @returns the step; never throws.
 */
export function planDueRestart(input: DueRestartPlanInput): RestartStep {
  const { message } = input;
  const base = outcomeBaseOf(message);
  const stale = recheckMessage(input);
  if (stale !== undefined) return { kind: 'report', outcome: { ...base, ...stale } };
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

/** Why the message may no longer run under the current policy and roles, or undefined. */
function recheckMessage(
  input: DueRestartPlanInput,
): Pick<RestartOutcome, 'action' | 'reason' | 'failure'> | undefined {
  const { message } = input;
  const subject = {
    clusterName: /:cluster\/([^/]+)$/.exec(message.clusterArn)?.[1] ?? '',
    family: message.family,
    ...(message.group !== undefined ? { group: message.group } : {}),
  };
  const tags = parseRestartTags(message.runTaskInput.tags);
  const mode = resolveRestartMode(subject, tags, input.config, message.orchestrated)?.mode;
  if (mode === undefined || mode === 'never') {
    return { action: 'skipped', reason: S.noLongerSelected };
  }
  if ('unreadable' in input.definition) {
    return { action: 'abandoned', reason: S.runTaskRejected, failure: input.definition.unreadable };
  }
  const scope = readArnScope(message.clusterArn);
  const roles = listPassedRoles(message.runTaskInput.overrides, input.definition);
  const refused =
    scope === undefined
      ? roles
      : findUnpassableRoles(roles, { ...scope, passableRoleNames: input.passableRoleNames });
  if (refused.length === 0) return undefined;
  return {
    action: 'abandoned',
    reason: R.roleNotPassable,
    failure: `not passable under passableTaskRoleNames: ${refused.join(', ')}`,
  };
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
