import { pruneFunctionPolicy } from '../shared/config/prune-section.ts';
import { executePrunePlan } from '../shared/prune/act.ts';
import { buildPruneAuditEvent } from '../shared/prune/audit-event.ts';
import { gatherPruneInventory } from '../shared/prune/inventory/gather-inventory.ts';
import { type PruneInvocation, parsePruneInvocation } from '../shared/prune/invocation.ts';
import { guardPrunePlan, planPrune } from '../shared/prune/policy/index.ts';
import {
  buildPruneReport,
  diffCallStats,
  type PruneRunReport,
  recordPruneMetrics,
  summarizeProbes,
} from '../shared/prune/report.ts';
import { createHandler } from '../shared/runtime/create-handler.ts';
import type { InvocationContext } from '../shared/runtime/invocation-context.ts';

/** Prunes stale task-definition revisions: gather, decide, guard, act, report. */
export const handler = createHandler<PruneInvocation, PruneRunReport, 'prune' | 'restart'>({
  name: 'prune-task-definitions',
  policy: pruneFunctionPolicy,
  parseEvent: parsePruneInvocation,
  // A payload can only make the run safer: its `dryRun: false` never overrides a dry run.
  dryRun: (policy, invocation) =>
    policy.prune.dryRun || (invocation.kind === 'manual' && invocation.dryRun === true),
  handle: pruneTaskDefinitions,
  // Deregistration shares ECS's bucket with deploys' RegisterTaskDefinition, so prune's share is
  // set on its own.
  pacingShare: (policy) => policy.prune.pacingShare,
});

async function pruneTaskDefinitions(
  invocation: PruneInvocation,
  ctx: InvocationContext<'prune' | 'restart'>,
): Promise<PruneRunReport> {
  const before = ctx.pacer.stats();
  const config = { ...ctx.policy.prune, dryRun: ctx.dryRun };
  const families = invocation.kind === 'manual' ? invocation.families : undefined;

  // Gather: revisions, every reference in use (services, tasks, pending restarts, rules on every
  // bus, Scheduler, Step Functions), retain tags, then a few probes per family.
  const gathered = await gatherPruneInventory({
    config,
    restart: ctx.policy.restart,
    now: ctx.now,
    families,
  });
  // Decide and guard: a refused plan is reported (guard-refused), never thrown.
  const plan = guardPrunePlan(
    planPrune(gathered.inventory, config, ctx.now.getTime()),
    config.maxChangesPerRun,
  );
  // Act: nothing under dry run, a partial inventory or a refused plan.
  const execution = await executePrunePlan(plan, {
    remainingMs: ctx.remainingMs,
    waitTimeMs: ctx.pacer.waitTimeMs,
  });

  // Report: log, metrics and one audit event for the run.
  const report = buildPruneReport({
    plan,
    execution,
    calls: diffCallStats(ctx.pacer.stats(), before),
    families,
    probes: summarizeProbes(gathered.probes),
  });
  ctx.logger.info('prune run', { report });
  recordPruneMetrics(ctx.metrics, report);
  await ctx.publishAudit([buildPruneAuditEvent(report)]);
  return report;
}
