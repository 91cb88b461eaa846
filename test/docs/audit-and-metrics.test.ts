import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../shared/aws/eventbridge-audit-events.ts';
import { pruneSectionSchema } from '../../shared/config/prune-section.ts';
import { scaleServiceRuleSchema } from '../../shared/config/scale-section.ts';
import { executePrunePlan } from '../../shared/prune/act.ts';
import { buildPruneAuditEvent } from '../../shared/prune/audit-event.ts';
import { planPrune } from '../../shared/prune/policy/index.ts';
import { buildPruneReport } from '../../shared/prune/report.ts';
import { buildRestartAuditEvent } from '../../shared/restart/report.ts';
import { decideScale } from '../../shared/scale/policy/decide-scale.ts';
import { buildScaledAuditEvents } from '../../shared/scale/report.ts';

const page = readFileSync(new URL('../../docs/audit-and-metrics.md', import.meta.url), 'utf8');

/** The audit-event table row of docs/audit-and-metrics.md for a detail-type. */
function documentedRow(detailType: string): string {
  return page.split('\n').find((line) => line.startsWith(`| \`${detailType}\` |`)) ?? '';
}

function restartEvent(action: 'restarted' | 'abandoned'): AuditEvent | undefined {
  return buildRestartAuditEvent({
    action,
    reason: action === 'restarted' ? 'retry-rule' : 'crash-loop',
    stoppedTaskArn: 'arn:aws:ecs:us-east-1:111122223333:task/prod/a1',
    clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/prod',
    family: 'report-job',
    lineage: 'arn:aws:ecs:us-east-1:111122223333:task/prod/a0',
    attempt: 2,
    delaySeconds: 30,
    runTaskRetries: 1,
    ...(action === 'restarted'
      ? { newTaskArn: 'arn:aws:ecs:us-east-1:111122223333:task/prod/a2' }
      : { failure: 'RESOURCE:MEMORY' }),
  });
}

function scaleEvent(): AuditEvent | undefined {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const decision = decideScale({
    service: { clusterName: 'prod', serviceName: 'web', desiredCount: 4, runningCount: 4 },
    config: scaleServiceRuleSchema.parse({
      match: { service: 'web' },
      min: 2,
      max: 20,
      metrics: [{ kind: 'cpu', targetPercent: 50 }],
    }),
    metrics: [75],
    recommendationsHistory: [],
    deploymentInProgress: false,
    managedElsewhere: false,
    now,
  });
  const [event] = buildScaledAuditEvents([
    {
      decision,
      serviceArn: 'arn:aws:ecs:::service/prod/web',
      status: 'updated',
      desiredCountAfterTick: 6,
    },
  ]);
  return event;
}

async function pruneEvent(): Promise<AuditEvent> {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const inventory = {
    activeRevisions: new Map([['web', [1, 2, 3, 4, 5, 6, 7]]]),
    ageCuts: new Map([['web', 7]]),
    inUse: ['web:7'],
    retained: [],
    complete: true,
    gaps: [],
  };
  const config = pruneSectionSchema.parse({ dryRun: true, keepNewest: 2, minAgeDays: 0 });
  const plan = planPrune(inventory, config, now);
  // A dry run's plan is executed without a single AWS call, as the handler would.
  const execution = await executePrunePlan(plan, { remainingMs: () => 0, waitTimeMs: () => 0 });
  const calls = { calls: {}, throttled: {}, waitedMs: 0 };
  const probes = { describeCalls: 0, failedFamilies: 0, familiesNotProbed: 0 };
  return buildPruneAuditEvent(
    buildPruneReport({ plan, execution, calls, families: undefined, probes }),
  );
}

describe('docs/audit-and-metrics.md audit events', () => {
  it.each([
    ['Task Restarted', () => restartEvent('restarted')],
    ['Task Restart Abandoned', () => restartEvent('abandoned')],
    ['Service Scaled', scaleEvent],
    ['Task Definitions Pruned', pruneEvent],
  ])('documents every detail field of %s', async (detailType, build) => {
    // Act
    const event = await build();

    // Assess: the event is the one documented, and its row names each of its fields.
    expect(event?.detailType).toBe(detailType);
    const row = documentedRow(detailType);
    for (const field of Object.keys(event?.detail ?? {})) {
      expect(row, `${detailType}: ${field}`).toMatch(new RegExp(`\`${field}(\\?|\\[\\])?\``));
    }
  });
});
