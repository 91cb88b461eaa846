import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AuditEvent } from '../aws/eventbridge-audit-events.ts';
import type { InvocationContext } from '../runtime/invocation-context.ts';
import type { RestartOutcome } from './types.ts';

/**
 * Reports one restart outcome: a structured log line, a metric, and for `restarted` and
 * `abandoned` an audit event (`Task Restarted`, `Task Restart Abandoned`), published after the act
 * step so it never delays RunTask. A dry run publishes no audit event.
 * Requires events:PutEvents on the audit bus.
 */
export async function reportRestartOutcome(
  outcome: RestartOutcome,
  ctx: Pick<InvocationContext, 'logger' | 'metrics' | 'dryRun' | 'publishAudit'>,
): Promise<void> {
  ctx.logger.info('restart outcome', { ...outcome, dryRun: ctx.dryRun });
  countOutcome(outcome, ctx);
  const audit = ctx.dryRun ? undefined : buildRestartAuditEvent(outcome);
  if (audit !== undefined) await ctx.publishAudit([audit]);
}

/** Reason dimensions come from fixed sets of reason codes, so their cardinality stays low. */
function countOutcome(outcome: RestartOutcome, ctx: Pick<InvocationContext, 'metrics'>): void {
  const plain = { restarted: 'TasksRestarted', delayed: 'RestartsDelayed' } as const;
  if (outcome.action === 'restarted' || outcome.action === 'delayed') {
    ctx.metrics.addMetric(plain[outcome.action], MetricUnit.Count, 1);
    return;
  }
  const metric = ctx.metrics.singleMetric();
  metric.addDimension('reason', outcome.action === 'dry-run' ? 'dry-run' : outcome.reason);
  metric.addMetric(
    outcome.action === 'abandoned' ? 'RestartsAbandoned' : 'RestartsSkipped',
    MetricUnit.Count,
    1,
  );
}

/**
 * The audit event of a restart outcome: `Task Restarted` or `Task Restart Abandoned`, naming the
 * stopped task and the new one.
 *
 * @returns the event, or undefined for outcomes that are not audited (delayed, skipped, ...).
 */
export function buildRestartAuditEvent(outcome: RestartOutcome): AuditEvent | undefined {
  const detailType = { restarted: 'Task Restarted', abandoned: 'Task Restart Abandoned' } as const;
  if (outcome.action !== 'restarted' && outcome.action !== 'abandoned') return undefined;
  const { action: _action, ...detail } = outcome;
  const resources = [outcome.stoppedTaskArn, ...(outcome.newTaskArn ? [outcome.newTaskArn] : [])];
  return { detailType: detailType[outcome.action], detail, resources };
}

/**
 * Reports a delay-queue body that is not a restart message: logged at error level with its
 * parse issues (never its values) and counted as `InvalidEvents`, before it is preserved.
 */
export function reportInvalidMessage(
  record: { messageId: string; issues: readonly string[] },
  ctx: Pick<InvocationContext, 'logger' | 'metrics'>,
): void {
  ctx.logger.error('invalid delayed restart message: preserved, not acted on', {
    messageId: record.messageId,
    issues: record.issues,
  });
  ctx.metrics.addMetric('InvalidEvents', MetricUnit.Count, 1);
}
