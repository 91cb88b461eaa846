import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  executeRestart,
  getRecentToken,
  outcomeBaseOf,
  preserveInvalidMessage,
  type RestartOutcome,
  scheduleRestart,
} from '../shared/restart/act.ts';
import { gatherRestartFacts } from '../shared/restart/gather-facts.ts';
import {
  type DelayedRestartRecord,
  parseRestartInvocation,
  type RestartInvocation,
} from '../shared/restart/invocation.ts';
import { buildRunTaskInput } from '../shared/restart/policy/build-run-task-input.ts';
import { decideRestart } from '../shared/restart/policy/decide-restart.ts';
import { buildDelayedRestartMessage } from '../shared/restart/policy/plan-delayed-restart.ts';
import { redactRunTaskInput } from '../shared/restart/policy/redact-overrides.ts';
import { reportRestartOutcome } from '../shared/restart/report.ts';
import type { TaskStateChange } from '../shared/restart/task-state-change.ts';
import { createHandler } from '../shared/runtime/create-handler.ts';
import type { InvocationContext } from '../shared/runtime/invocation-context.ts';

/** The EventBridge trigger's answer: what happened to the stopped task. */
export type TaskStoppedSummary = { trigger: 'task-state-change'; dryRun: boolean } & RestartOutcome;
/** The SQS trigger's answer: only the records SQS must deliver again (partial batch response). */
export type DelayedRestartsSummary = { batchItemFailures: { itemIdentifier: string }[] };

/**
 * Restarts failed standalone ECS tasks under the `restart:` policy. Triggered by `ECS Task State
 * Change` events (decide; restart now, or through the delay queue after a backoff) and by the
 * delay queue (run the due restart; retry RunTask failures through the queue, or abandon).
 */
export const handler = createHandler<
  RestartInvocation,
  TaskStoppedSummary | DelayedRestartsSummary
>({
  name: 'restart-task',
  parseEvent: parseRestartInvocation,
  handle: (invocation, ctx) =>
    invocation.kind === 'task-state-change'
      ? handleTaskStopped(invocation.task, ctx)
      : handleDelayedRestarts(invocation.records, ctx),
});

async function handleTaskStopped(
  task: TaskStateChange,
  ctx: InvocationContext,
): Promise<TaskStoppedSummary> {
  const config = ctx.policy.restart;
  const dryRun = ctx.settings.DRY_RUN || config.dryRun;
  const now = ctx.now.getTime();
  const base = { stoppedTaskArn: task.taskArn, clusterArn: task.clusterArn, family: task.family };
  // Gather: DescribeTasks ∥ DescribeTaskDefinition (cached) ∥ crash-loop history.
  const facts = await gatherRestartFacts(task, config);
  if (!facts.taskFound) {
    // Without its tags the lineage and attempt are unknown: restarting could reset the budget.
    return report(
      { ...base, action: 'skipped', reason: 'task-not-found', lineage: task.taskId, attempt: 0 },
      dryRun,
      ctx,
    );
  }
  // Decide
  const decision = decideRestart({
    task,
    tags: facts.restartTags,
    definition: facts.definition,
    config,
    history: facts.history,
    now,
    random: Math.random(),
  });
  ctx.logger.info('restart decision', { stoppedTaskArn: task.taskArn, decision });
  const outcome = {
    ...base,
    lineage: decision.lineage,
    attempt: decision.attempt,
    reason: decision.reason,
  };
  if (decision.action !== 'restart') {
    return report(
      { ...outcome, action: decision.action === 'skip' ? 'skipped' : 'abandoned' },
      dryRun,
      ctx,
    );
  }
  const input = buildRunTaskInput(task, facts.tags, decision);
  const message = buildDelayedRestartMessage(task, decision, input, now);
  ctx.logger.info('restart planned', {
    delaySeconds: decision.delaySeconds,
    runTaskInput: redactRunTaskInput(input),
  });
  // Guard: dry run writes nothing; a token this container already handled is a duplicate event.
  if (dryRun)
    return report(
      { ...outcome, action: 'dry-run', delaySeconds: decision.delaySeconds },
      dryRun,
      ctx,
    );
  if (getRecentToken(input.clientToken) !== undefined)
    return report({ ...outcome, action: 'duplicate', reason: 'duplicate-event' }, dryRun, ctx);
  // Act
  if (decision.delaySeconds === 0) {
    return report(await executeRestart(message, actOptions(ctx, now)), dryRun, ctx);
  }
  await scheduleRestart(ctx.settings.RESTART_QUEUE_URL, message, decision.delaySeconds);
  return report(
    { ...outcome, action: 'delayed', delaySeconds: decision.delaySeconds },
    dryRun,
    ctx,
  );
}

async function handleDelayedRestarts(
  records: DelayedRestartRecord[],
  ctx: InvocationContext,
): Promise<DelayedRestartsSummary> {
  const dryRun = ctx.settings.DRY_RUN || ctx.policy.restart.dryRun;
  const groups = new Map<string, DelayedRestartRecord[]>();
  for (const r of records) {
    const key = r.valid ? r.message.runTaskInput.clientToken : r.messageId;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const failed: string[] = [];
  // Records of one clientToken run one after another, so a duplicate sees the first's outcome.
  await Promise.all(
    [...groups.values()].map(async (group) => {
      for (const record of group) {
        try {
          await handleRecord(record, dryRun, ctx);
        } catch (error) {
          ctx.logger.error('delayed restart failed: SQS will deliver it again', {
            messageId: record.messageId,
            error,
          });
          failed.push(record.messageId);
        }
      }
    }),
  );
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}

async function handleRecord(
  record: DelayedRestartRecord,
  dryRun: boolean,
  ctx: InvocationContext,
): Promise<void> {
  if (!record.valid) {
    ctx.logger.error('invalid delayed restart message: preserved, not acted on', {
      messageId: record.messageId,
      issues: record.issues,
    });
    ctx.metrics.addMetric('InvalidEvents', MetricUnit.Count, 1);
    await preserveInvalidMessage(ctx.settings.DEAD_LETTER_QUEUE_URL, record);
    return;
  }
  const message = record.message;
  const now = ctx.now.getTime();
  const base = outcomeBaseOf(message);
  ctx.logger.info('delayed restart due', {
    ...base,
    runTaskRetries: message.runTaskRetries,
    runTaskInput: redactRunTaskInput(message.runTaskInput),
  });
  const early = Math.ceil((message.notBefore - now) / 1000);
  if (early > 0) {
    // Delivered before its time (a redrive, or a queue delay longer than ours): wait again.
    if (!dryRun) await scheduleRestart(ctx.settings.RESTART_QUEUE_URL, message, early);
    await report(
      { ...base, action: 'delayed', reason: 'not-yet-due', delaySeconds: early },
      dryRun,
      ctx,
    );
    return;
  }
  if (dryRun) return void (await report({ ...base, action: 'dry-run' }, dryRun, ctx));
  const previous = getRecentToken(message.runTaskInput.clientToken);
  if (previous !== undefined && previous !== 'scheduled') {
    return void (await report(
      { ...base, action: 'duplicate', reason: 'duplicate-message', newTaskArn: previous },
      dryRun,
      ctx,
    ));
  }
  await report(await executeRestart(message, actOptions(ctx, now)), dryRun, ctx);
}

/** Reports one outcome (log, metric, audit event after the act step) as the summary. */
async function report(
  outcome: RestartOutcome,
  dryRun: boolean,
  ctx: InvocationContext,
): Promise<TaskStoppedSummary> {
  await reportRestartOutcome(outcome, dryRun, ctx);
  return { trigger: 'task-state-change', dryRun, ...outcome };
}

function actOptions(ctx: InvocationContext, now: number) {
  return {
    queueUrl: ctx.settings.RESTART_QUEUE_URL,
    config: ctx.policy.restart,
    now,
    random: Math.random(),
  };
}
