import { describe, expect, it } from 'vitest';
import type { PruneExecution } from '../../../shared/prune/act.ts';
import { buildPruneAuditEvent } from '../../../shared/prune/audit-event.ts';
import {
  type PrunePlan,
  type PruneRevisionDecision,
  summarizePrunePlan,
} from '../../../shared/prune/policy/index.ts';
import {
  buildPruneReport,
  diffCallStats,
  recordPruneMetrics,
} from '../../../shared/prune/report.ts';

function planWith(families: number, perFamily: number): PrunePlan {
  const decisions: PruneRevisionDecision[] = [];
  for (let family = 0; family < families; family += 1) {
    for (let revision = 1; revision <= perFamily; revision += 1) {
      decisions.push({
        family: `a-rather-long-family-name-for-service-${family}`,
        revision,
        status: 'ACTIVE',
        action: 'deregister',
        reason: 'stale',
      });
    }
  }
  return {
    reason: 'changes-planned',
    dryRun: false,
    gaps: [],
    sources: [],
    inUseScan: 'read',
    dynamicReferences: [],
    decisions,
    deregister: decisions.map((decision) => `${decision.family}:${decision.revision}`),
    delete: [],
    summary: summarizePrunePlan({ decisions }),
  };
}

function executionOf(plan: PrunePlan): PruneExecution {
  return {
    skipped: undefined,
    deregistered: [...plan.deregister],
    alreadyInactive: 0,
    deleted: [],
    failures: [],
    stoppedByTimeBudget: false,
    stoppedByTransientError: false,
  };
}

const calls = { calls: { ListTaskDefinitionsCommand: 2, DeregisterTaskDefinitionCommand: 40 } };

describe('buildPruneReport', () => {
  it('counts this run calls per pruned revision, inventory included', () => {
    // Prepare
    const plan = planWith(2, 20);
    const before = { calls: { ListTaskDefinitionsCommand: 5 }, throttled: {}, waitedMs: 10 };
    const after = {
      calls: { ListTaskDefinitionsCommand: 7, DeregisterTaskDefinitionCommand: 40 },
      throttled: { DeregisterTaskDefinitionCommand: 1 },
      waitedMs: 30,
    };

    // Act
    const report = buildPruneReport({
      plan,
      execution: executionOf(plan),
      calls: diffCallStats(after, before),
      families: undefined,
      probes: { describeCalls: 0, failedFamilies: 0, familiesNotProbed: 0 },
    });

    // Assess
    expect(report.apiCalls).toEqual(calls.calls);
    expect(report).toMatchObject({
      totalApiCalls: 42,
      throttles: 1,
      apiCallsPerPrunedRevision: 1.05,
    });
    expect(report.samples.deregistered).toHaveLength(25);
  });
});

describe('recordPruneMetrics', () => {
  it('counts deregister and delete failures apart, for the prune-failures alarm', () => {
    // Prepare: two of three deregistrations failed.
    const plan = planWith(1, 3);
    const [first = '', second = '', third = ''] = plan.deregister;
    const execution: PruneExecution = {
      ...executionOf(plan),
      deregistered: [first],
      failures: [
        { ref: second, action: 'deregister', reason: 'ClientException' },
        { ref: third, action: 'deregister', reason: 'ThrottlingException' },
      ],
    };
    const report = buildPruneReport({
      plan,
      execution,
      calls: { ...calls, throttled: {}, waitedMs: 0 },
      families: undefined,
      probes: { describeCalls: 0, failedFamilies: 0, familiesNotProbed: 0 },
    });
    const recorded: Record<string, number> = {};
    const metrics = {
      addMetric: (name: string, _unit: string, value: number) => {
        recorded[name] = value;
      },
    };

    // Act
    recordPruneMetrics(metrics as unknown as Parameters<typeof recordPruneMetrics>[0], report);

    // Assess
    expect(recorded).toMatchObject({
      RevisionsDeregistered: 1,
      DeregisterFailures: 2,
      DeleteFailures: 0,
      PartialInventory: 0,
    });
  });
});

describe('buildPruneAuditEvent', () => {
  it('stays under 256 KB for thousands of families, saying how many it left out', () => {
    const plan = planWith(5_000, 2);
    const report = buildPruneReport({
      plan,
      execution: executionOf(plan),
      calls: { ...calls, throttled: {}, waitedMs: 0 },
      families: undefined,
      probes: { describeCalls: 0, failedFamilies: 0, familiesNotProbed: 0 },
    });

    const event = buildPruneAuditEvent(report);

    expect(event.detailType).toBe('Task Definitions Pruned');
    expect(Buffer.byteLength(JSON.stringify(event.detail))).toBeLessThan(256 * 1024);
    expect(event.detail).toMatchObject({ totals: { deregistered: 10_000, families: 5_000 } });
    expect(event.detail.familiesOmitted).toBeGreaterThan(0);
  });
});
