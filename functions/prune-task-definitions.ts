import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { publishAuditEvents } from '../shared/aws/eventbridge-audit-events.ts';
import { getPacer } from '../shared/aws/pacer.ts';
import type { PruneConfig } from '../shared/config/prune-section.ts';
import { executePrunePlan, guardPrunePlan } from '../shared/prune/act.ts';
import { buildPruneAuditEvent } from '../shared/prune/audit-event.ts';
import { gatherPruneInventory } from '../shared/prune/inventory/gather-inventory.ts';
import { type PruneInvocation, parsePruneInvocation } from '../shared/prune/invocation.ts';
import { planPrune } from '../shared/prune/policy/index.ts';
import {
  buildPruneReport,
  diffCallStats,
  type PruneRunReport,
  recordPruneMetrics,
} from '../shared/prune/report.ts';
import { createHandler } from '../shared/runtime/create-handler.ts';
import type { InvocationContext } from '../shared/runtime/invocation-context.ts';

/** Prunes stale task-definition revisions: gather, decide, guard, act, report. */
export const handler = createHandler<PruneInvocation, PruneRunReport>({
  name: 'prune-task-definitions',
  parseEvent: parsePruneInvocation,
  handle: pruneTaskDefinitions,
  // Deregistration shares ECS's bucket with deploys' RegisterTaskDefinition, so prune's share is
  // set on its own.
  pacingShare: (policy) => policy.prune.pacingShare,
});

async function pruneTaskDefinitions(
  invocation: PruneInvocation,
  ctx: InvocationContext,
): Promise<PruneRunReport> {
  const pacer = getPacer();
  const before = pacer.stats();
  const config = effectiveConfig(ctx, invocation);
  const families = invocation.kind === 'manual' ? invocation.families : undefined;

  const gathered = await gatherPruneInventory({ config, now: ctx.now, families });
  const plan = planPrune(gathered.inventory, config, ctx.now);
  guardPrunePlan(plan, config.maxChangesPerRun);
  const execution = await executePrunePlan(plan, {
    remainingMs: ctx.remainingMs,
    waitTimeMs: (commandName) => pacer.waitTimeMs(commandName),
  });

  const { age, grace, describeCalls } = gathered.probes;
  const report = buildPruneReport({
    plan,
    execution,
    calls: diffCallStats(pacer.stats(), before),
    families,
    probes: {
      describeCalls,
      failedFamilies: age.failed.length + (grace?.failed.length ?? 0),
      familiesNotProbed: age.notProbed + (grace?.notProbed ?? 0),
    },
  });
  ctx.logger.info('prune run', { report });
  recordPruneMetrics(ctx.metrics, report);
  const audit = await publishAuditEvents(ctx.settings.AUDIT_EVENT_BUS_NAME, [
    buildPruneAuditEvent(report),
  ]);
  if (audit.undelivered.length > 0) {
    ctx.logger.error('audit event undelivered', { undelivered: audit.undelivered });
    ctx.metrics.addMetric('AuditEventsUndelivered', MetricUnit.Count, audit.undelivered.length);
  }
  return report;
}

/** A payload can only make the run safer: its `dryRun: false` never overrides a dry run. */
function effectiveConfig(ctx: InvocationContext, invocation: PruneInvocation): PruneConfig {
  const payloadDryRun = invocation.kind === 'manual' && invocation.dryRun === true;
  const { prune } = ctx.policy;
  return { ...prune, dryRun: ctx.settings.DRY_RUN || prune.dryRun || payloadDryRun };
}
