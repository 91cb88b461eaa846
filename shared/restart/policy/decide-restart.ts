import type { RestartConfig } from '../../config/restart-section.ts';
import type { RestartTags } from '../restart-tags.ts';
import type { TaskStateChange } from '../task-state-change.ts';
import { findUnpassableRoles, listPassedRoles, readArnScope } from './check-passable-roles.ts';
import { classifyStop } from './classify-stop.ts';
import { computeBackoffSeconds } from './compute-backoff.ts';
import { type CrashLoopHistoryEntry, decideCrashLoop } from './decide-crash-loop.ts';
import { isCapacityLoss, isInterruptionWarning, resolveCapacity } from './resolve-capacity.ts';
import { resolveNetwork } from './resolve-network.ts';
import { matchesSelector, resolveRestartMode } from './resolve-restart-mode.ts';
import {
  RESTART_REASONS as R,
  type RestartDecision,
  type RestartReason,
} from './restart-decision.ts';
import { isRetriedByOrchestrator } from './retried-by-orchestrator.ts';

/** What the handler knows about the task definition (cached per ARN: revisions are immutable). */
export type TaskDefinitionFacts = {
  essentialContainerNames: string[];
  /** Containers that serve the workload (log router, proxy, a container others depend on). */
  sidecarContainerNames?: string[];
  networkMode?: string;
  /** The task and execution roles of the revision, as registered (a name or an ARN). */
  taskRoleArn?: string;
  executionRoleArn?: string;
  /** Volumes configured at launch (EBS): RunTask must configure them again. */
  launchConfiguredVolumes?: string[];
};

/** Everything {@link decideRestart} needs, as plain data. */
export type DecideRestartOptions = {
  task: TaskStateChange;
  /** The stopped task's tags (DescribeTasks include TAGS), parsed with `parseRestartTags`. */
  tags: RestartTags;
  definition: TaskDefinitionFacts;
  config: RestartConfig;
  /** Recent stops of the same family/group started by ecs-autopilot (see CrashLoopHistoryEntry). */
  history: readonly CrashLoopHistoryEntry[];
  /** Epoch ms. */
  now: number;
  /** In [0, 1), for backoff jitter. */
  random: number;
  /** The stage's `passableTaskRoleNames`: role names the function may pass (IAM wildcards). */
  passableRoleNames: string;
  /** The history scan stopped at its cap: `history` holds fewer failures than there may be. */
  historyTruncated?: boolean;
};

/** Why a breaker that did not trip may still be wrong: the scan read only part of the history. */
const HISTORY_TRUNCATED_WARNING =
  'crash-loop history: the scan stopped at its cap of stopped tasks, so the failure count is a lower bound';

/** Stops a person or a service scheduler asked for: never undone. */
const DELIBERATE_STOP_CODES: readonly string[] = ['UserInitiated', 'ServiceSchedulerInitiated'];

/**
 * Decides whether a stopped task is restarted, skipped or abandoned, and how. Checks, in order:
 * stopped at all, not a service task, not a deliberate stop, opted in (tag, then policy; a task
 * AWS Batch or Step Functions retries itself only by a tag or an `includeOrchestrated` rule), a
 * failure worth retrying (or `always`), no EBS volume configured at launch, roles the function may
 * pass, attempts left, no crash loop, a known network. Lineage and attempt come from the tags;
 * the counter restarts at 1 when the stopped task ran healthy for `healthyResetAfterSeconds`.
 * Capacity losses restart at once; other restarts wait a backoff.
 */
export function decideRestart(options: DecideRestartOptions): RestartDecision {
  const { task, tags, config } = options;
  const lineage = tags.lineage ?? task.taskId;
  const stoppedAttempt = tags.attempt ?? 0;
  const truncated = options.historyTruncated === true ? [HISTORY_TRUNCATED_WARNING] : [];
  const base = { lineage, attempt: stoppedAttempt, warnings: [...tags.warnings, ...truncated] };
  const skip = (reason: RestartReason): RestartDecision => ({ ...base, action: 'skip', reason });

  // ECS's warning before a capacity loss is acted on at once: the replacement starts while the
  // interrupted task still runs. Any other task that has not stopped is left alone.
  const warned = isInterruptionWarning(task);
  if (task.lastStatus !== 'STOPPED' && !warned) return skip(R.notStopped);
  if (task.group?.startsWith('service:') || task.startedBy?.startsWith('ecs-svc/')) {
    return skip(R.serviceTask);
  }
  if (task.stopCode !== undefined && DELIBERATE_STOP_CODES.includes(task.stopCode)) {
    return skip(R.deliberateStop);
  }
  // AWS Batch and Step Functions retry their own tasks: ours would be a second run.
  const owned = isRetriedByOrchestrator(task);
  const resolved = resolveRestartMode(task, tags, config, owned);
  if (resolved === undefined) {
    const selected = owned && config.select.some((rule) => matchesSelector(rule, task));
    return skip(selected ? R.orchestratorOwned : R.notSelected);
  }
  const { mode } = resolved;
  if (mode === 'never') return { ...base, mode, action: 'skip', reason: R.optedOut };
  if (warned && !resolved.replaceOnWarning) {
    return { ...base, mode, action: 'skip', reason: R.waitsForStop };
  }

  const classification = classifyStop(task, options.definition, config);
  if (classification.kind === 'clean-exit' && mode === 'on-failure') {
    return { ...base, mode, action: 'skip', reason: R.exitedCleanly };
  }
  const matchedRule = classification.kind === 'failure' ? classification.matchedRule : undefined;
  const withRule = { ...base, mode, ...(matchedRule ? { matchedRule } : {}) };
  if (classification.kind === 'failure' && classification.action === 'give-up') {
    return { ...withRule, action: 'abandon', reason: R.giveUpRule };
  }
  // RunTask must configure these EBS volumes again (volumeConfigurations: size, type, IOPS,
  // snapshot, KMS key, role), and neither the event nor DescribeTasks says how the task had them.
  if ((options.definition.launchConfiguredVolumes ?? []).length > 0) {
    return { ...withRule, action: 'skip', reason: R.volumeConfiguredAtLaunch };
  }
  // A role the function may not pass would make RunTask fail with AccessDeniedException.
  const scope = readArnScope(task.clusterArn) ?? { partition: 'aws', account: task.account };
  const roles = listPassedRoles(task.overrides, options.definition);
  if (
    findUnpassableRoles(roles, { ...scope, passableRoleNames: options.passableRoleNames }).length
  ) {
    return { ...withRule, action: 'abandon', reason: R.roleNotPassable };
  }

  const lostCapacity = isCapacityLoss(task);
  const attempt = lostCapacity
    ? continuedAttempt(stoppedAttempt)
    : nextAttempt(task, stoppedAttempt, config);
  if (attempt > config.maxAttempts) {
    return { ...withRule, action: 'abandon', reason: R.maxAttemptsReached };
  }

  if (!lostCapacity) {
    const current = { taskArn: task.taskArn, stoppedAt: task.stoppedAt ?? options.now };
    const loop = decideCrashLoop(current, options.history, config.crashLoop, options.now);
    if (loop.tripped) return { ...withRule, action: 'abandon', reason: R.crashLoop };
  }

  const network = resolveNetwork(task, options.definition.networkMode, tags, config);
  if (network.kind === 'unknown') return { ...withRule, action: 'skip', reason: R.networkUnknown };

  return {
    ...withRule,
    action: 'restart',
    reason: warned
      ? R.interruptionWarning
      : restartReason(
          task.stopCode,
          classification.kind === 'clean-exit',
          matchedRule !== undefined,
        ),
    attempt,
    // Losing Spot capacity is not the task's fault and the work is already late: no backoff.
    delaySeconds: lostCapacity ? 0 : computeBackoffSeconds(attempt, config.backoff, options.random),
    capacity: resolveCapacity(task, config),
    ...(network.kind === 'known' ? { network: network.awsvpcConfiguration } : {}),
  };
}

/**
 * The attempt after a failure: the stopped one plus one, or 1 again when the stopped task ran
 * `healthyResetAfterSeconds` (it was not crash-looping).
 */
function nextAttempt(task: TaskStateChange, stoppedAttempt: number, config: RestartConfig): number {
  const ranHealthy =
    task.startedAt !== undefined &&
    task.stoppedAt !== undefined &&
    task.stoppedAt - task.startedAt >= config.healthyResetAfterSeconds * 1000;
  return ranHealthy ? 1 : stoppedAttempt + 1;
}

/**
 * The attempt of a capacity loss's replacement: the interrupted attempt, continued elsewhere. A
 * reclaimed Spot task or a terminated host is not the task's failure (Kubernetes Jobs likewise let
 * a pod failure policy ignore disruptions such as preemption in `backoffLimit`), and the number
 * depends on nothing but the tags, so the warning and the STOPPED event that follows derive the
 * same attempt, the same request and the same clientToken whenever each is handled.
 */
function continuedAttempt(stoppedAttempt: number): number {
  return Math.max(1, stoppedAttempt);
}

function restartReason(
  stopCode: string | undefined,
  clean: boolean,
  ruled: boolean,
): RestartReason {
  if (stopCode === 'SpotInterruption') return R.spotInterruption;
  if (stopCode === 'TerminationNotice') return R.terminationNotice;
  if (clean) return R.alwaysRestart;
  return ruled ? R.retryRule : R.retryDefault;
}
