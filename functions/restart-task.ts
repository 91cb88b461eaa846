import { restartFunctionPolicy } from '../shared/config/restart-section.ts';
import {
  actOnRestartStep,
  type ExecuteRestartOptions,
  getRecentTokens,
  getTokensStartedBeforeStop,
  preserveInvalidMessage,
} from '../shared/restart/act.ts';
import {
  gatherRestartFacts,
  readDelayedRestartDefinition,
} from '../shared/restart/gather-facts.ts';
import {
  type DelayedRestartRecord,
  parseRestartInvocation,
  type RestartInvocation,
} from '../shared/restart/invocation.ts';
import { outcomeBaseOf, planDueRestart } from '../shared/restart/policy/plan-due-restart.ts';
import { planStoppedTaskRestart } from '../shared/restart/policy/plan-restart.ts';
import { redactRunTaskInput } from '../shared/restart/policy/redact-overrides.ts';
import { reportInvalidMessage, reportRestartOutcome } from '../shared/restart/report.ts';
import type { TaskStateChange } from '../shared/restart/task-state-change.ts';
import type { RestartOutcome } from '../shared/restart/types.ts';
import { createHandler } from '../shared/runtime/create-handler.ts';
import type { InvocationContext } from '../shared/runtime/invocation-context.ts';

/** The EventBridge trigger's answer: what happened to the stopped task. */
export type TaskStoppedSummary = { trigger: 'task-state-change'; dryRun: boolean } & RestartOutcome;
/** The SQS trigger's answer: only the records SQS must deliver again (partial batch response). */
export type DelayedRestartsSummary = { batchItemFailures: { itemIdentifier: string }[] };

/**
 * Restarts failed standalone ECS tasks under the `restart:` policy. Triggered by `ECS Task State
 * Change` events (decide; restart now, or through the delay queue after a backoff; a capacity
 * loss's interruption warning replaces the task before it stops) and by the delay queue (run the
 * due restart; retry RunTask failures through the queue, or abandon).
 */
export const handler = createHandler<
  RestartInvocation,
  TaskStoppedSummary | DelayedRestartsSummary,
  'restart'
>({
  name: 'restart-task',
  policy: restartFunctionPolicy,
  parseEvent: parseRestartInvocation,
  dryRun: (policy) => policy.restart.dryRun,
  handle: (invocation, ctx) =>
    invocation.kind === 'task-state-change'
      ? handleTaskStopped(invocation.task, ctx)
      : handleDelayedRestarts(invocation.records, ctx),
});

async function handleTaskStopped(
  task: TaskStateChange,
  ctx: InvocationContext<'restart'>,
): Promise<TaskStoppedSummary> {
  // Gather: DescribeTasks ∥ DescribeTaskDefinition (cached) ∥ crash-loop history.
  const facts = await gatherRestartFacts(task, ctx.policy.restart);
  // Decide and guard: the policy, then dry run and this container's duplicate clientTokens.
  const plan = planStoppedTaskRestart({
    task,
    facts,
    config: ctx.policy.restart,
    now: ctx.now.getTime(),
    random: Math.random(),
    dryRun: ctx.dryRun,
    recentTokens: getRecentTokens(),
    replacedBeforeStop: getTokensStartedBeforeStop(),
    passableRoleNames: ctx.settings.PASSABLE_ROLE_NAMES,
  });
  ctx.logger.info('restart decision', { stoppedTaskArn: task.taskArn, decision: plan.decision });
  if (plan.runTaskInput !== undefined) {
    const delaySeconds = plan.decision?.action === 'restart' ? plan.decision.delaySeconds : 0;
    ctx.logger.info('restart planned', {
      delaySeconds,
      runTaskInput: redactRunTaskInput(plan.runTaskInput),
    });
  }
  // Act, then report (log, metric, audit event).
  const outcome = await actOnRestartStep(plan.step, actOptions(ctx));
  await reportRestartOutcome(outcome, ctx);
  return { trigger: 'task-state-change', dryRun: ctx.dryRun, ...outcome };
}

async function handleDelayedRestarts(
  records: DelayedRestartRecord[],
  ctx: InvocationContext<'restart'>,
): Promise<DelayedRestartsSummary> {
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
          await handleDelayedRecord(record, ctx);
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

async function handleDelayedRecord(
  record: DelayedRestartRecord,
  ctx: InvocationContext<'restart'>,
): Promise<void> {
  if (!record.valid) {
    reportInvalidMessage(record, ctx);
    await preserveInvalidMessage(ctx.settings.DEAD_LETTER_QUEUE_URL, record);
    return;
  }
  const { message } = record;
  ctx.logger.info('delayed restart due', {
    ...outcomeBaseOf(message),
    runTaskRetries: message.runTaskRetries,
    runTaskInput: redactRunTaskInput(message.runTaskInput),
  });
  // The roles come from ECS's own record of the revision, never from the queued body.
  const definition = await readDelayedRestartDefinition(message.runTaskInput.taskDefinition);
  const step = planDueRestart({
    message,
    config: ctx.policy.restart,
    definition,
    passableRoleNames: ctx.settings.PASSABLE_ROLE_NAMES,
    now: ctx.now.getTime(),
    dryRun: ctx.dryRun,
    recentTokens: getRecentTokens(),
  });
  await reportRestartOutcome(await actOnRestartStep(step, actOptions(ctx)), ctx);
}

function actOptions(ctx: InvocationContext<'restart'>): ExecuteRestartOptions {
  return {
    queueUrl: ctx.settings.RESTART_QUEUE_URL,
    config: ctx.policy.restart,
    now: ctx.now.getTime(),
    random: Math.random(),
  };
}
