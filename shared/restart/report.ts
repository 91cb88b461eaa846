import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type AuditEvent, publishAuditEvents } from '../aws/eventbridge-audit-events.ts';
import type { InvocationContext } from '../runtime/invocation-context.ts';
import type { RestartOutcome } from './act.ts';

/**
 * Reports one restart outcome: a structured log line, a metric, and for `restarted` and
 * `abandoned` an audit event (`Task Restarted`, `Task Restart Abandoned`), published after the act
 * step so it never delays RunTask. A dry run publishes no audit event. Undelivered audit events
 * are logged at error level and counted, never thrown.
 * Requires events:PutEvents on the audit bus.
 */
export async function reportRestartOutcome(
  outcome: RestartOutcome,
  dryRun: boolean,
  ctx: Pick<InvocationContext, 'logger' | 'metrics' | 'settings'>,
): Promise<void> {
  ctx.logger.info('restart outcome', { ...outcome, dryRun });
  countOutcome(outcome, ctx);
  const audit = dryRun ? undefined : buildRestartAuditEvent(outcome);
  if (audit !== undefined) {
    const result = await publishAuditEvents(ctx.settings.AUDIT_EVENT_BUS_NAME, [audit]);
    for (const { event, errorCode } of result.undelivered) {
      ctx.logger.error('audit event undelivered', {
        detailType: event.detailType,
        errorCode,
        detail: event.detail,
      });
      ctx.metrics.addMetric('AuditEventsUndelivered', MetricUnit.Count, 1);
    }
  }
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
