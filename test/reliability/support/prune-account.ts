/**
 * The account of the prune scenarios and how they are measured: 140 revisions in three families,
 * revisions in use in every way the function must notice (one of them only in cluster `locked`),
 * a retained one, INACTIVE ones past the grace period; and a fault-free twin run as the oracle.
 */
import { vi } from 'vitest';
import type { ScenarioInput, Simulator } from '../../../simulator/index.ts';
import { loadFixture } from '../../support/fixtures.ts';
import { plantedContainer, plantedTags } from './planted-secrets.ts';
import { openAccount, type SimulatedAccount } from './simulated-account.ts';

/** keepNewest 5, 14 days, 50 changes a run (so the backlog takes several runs), grace 30 days. */
export const PRUNE_POLICY = {
  prune: {
    dryRun: false,
    keepNewest: 5,
    minAgeDays: 14,
    maxChangesPerRun: 50,
    deleteInactive: { enabled: true, graceDays: 30 },
  },
};

const family = (name: string, revisions: number) => ({
  family: name,
  revisions,
  oldestAge: '400d',
  newestAge: '1d',
  containers: [plantedContainer('app')],
  tags: plantedTags(),
  overrides: [{ revisions: ['1-5'], status: 'INACTIVE' as const, deregisteredAge: '60d' }],
});

/** The scenario of every prune test. */
export const PRUNE_SCENARIO: ScenarioInput = {
  clusters: ['prod', 'batch', { name: 'locked', tags: plantedTags() }],
  taskDefinitions: [
    {
      ...family('api', 60),
      overrides: [
        ...family('api', 60).overrides,
        { revisions: [10], tags: { 'ecs-autopilot:retain': 'audit-2025' } },
      ],
    },
    family('worker', 50),
    family('report', 30),
  ],
  services: [
    {
      cluster: 'prod',
      name: 'api',
      taskDefinition: 'api:60',
      olderDeployments: [{ taskDefinition: 'api:12', runningCount: 1 }],
      tags: plantedTags(),
    },
    { cluster: 'prod', name: 'worker', taskDefinition: 'worker:50', tags: plantedTags() },
    // Only the locked cluster knows that worker:8 is in use.
    { cluster: 'locked', name: 'legacy', taskDefinition: 'worker:8' },
  ],
  tasks: [
    { cluster: 'batch', taskDefinition: 'report:7', lastStatus: 'RUNNING', tags: plantedTags() },
  ],
  rules: [
    {
      name: 'nightly',
      schedule: 'cron(0 3 * * ? *)',
      targets: [{ id: 'r', cluster: 'batch', taskDefinition: 'report:9' }],
    },
  ],
};

/** Revisions that must stay ACTIVE whatever happens: in use somewhere, or retained. */
export const PROTECTED = ['api:12', 'api:10', 'worker:8', 'report:7', 'report:9'];

/** Status of every revision by `family:revision` (absent: deleted for good). */
export function statuses(sim: Simulator): Map<string, string> {
  return new Map(
    [...sim.account.taskDefinitions.values()].map((r) => [`${r.family}:${r.revision}`, r.status]),
  );
}

/** What one prune run returned (the fields the scenarios read). */
export type PruneReport = {
  reason: string;
  gaps: string[];
  failures: unknown[];
  stoppedByTimeBudget: boolean;
  stoppedByTransientError: boolean;
};

/** Runs the schedule hourly until a run has nothing left to prune, or `maxRuns`. */
export async function runUntilConverged(
  account: SimulatedAccount,
  options: { maxRuns?: number; remainingMs?: number } = {},
): Promise<{ reports: PruneReport[]; thrown: unknown[] }> {
  const handler = await account.container('prune-task-definitions');
  const reports: PruneReport[] = [];
  const thrown: unknown[] = [];
  for (let run = 0; run < (options.maxRuns ?? 15); run += 1) {
    try {
      const event = loadFixture('scheduled-event-prune.json');
      const report = (await account.invoke(handler, event, options.remainingMs)) as PruneReport;
      reports.push(report);
      if (report.reason === 'nothing-to-prune' && report.failures.length === 0) break;
    } catch (error) {
      thrown.push(error);
    }
    vi.setSystemTime(Date.now() + 3_600_000);
  }
  return { reports, thrown };
}

let oracle: Promise<Map<string, string>> | undefined;

/** The end state the same account reaches with no fault at all (computed once per file). */
export function pruneOracle(): Promise<Map<string, string>> {
  oracle ??= (async () => {
    const twin = await openAccount({ scenario: PRUNE_SCENARIO, policy: PRUNE_POLICY });
    await runUntilConverged(twin);
    const end = statuses(twin.sim);
    await twin.sim.close();
    vi.useRealTimers();
    return end;
  })();
  return oracle;
}

/**
 * Compares an end state with the oracle's. Lost: removals the oracle made that did not happen;
 * wrong: changes the oracle did not make, or a protected revision touched; duplicated:
 * successful deregistrations beyond one per deregistered revision.
 */
export function measurePrune(
  sim: Simulator,
  before: Map<string, string>,
  expected: Map<string, string>,
) {
  const after = statuses(sim);
  let expectedActions = 0;
  let lost = 0;
  let wrong = 0;
  for (const [ref, initial] of before) {
    const want = expected.get(ref) ?? 'gone';
    const got = after.get(ref) ?? 'gone';
    if (want !== initial) expectedActions += 1;
    if (got !== want) {
      if (got === initial) lost += 1;
      else wrong += 1;
    }
  }
  wrong += PROTECTED.filter((ref) => after.get(ref) !== 'ACTIVE').length;
  const deregistered = [...before].filter(
    ([ref, s]) => s === 'ACTIVE' && after.get(ref) !== 'ACTIVE',
  ).length;
  const okDeregistrations = sim.calls.all.filter(
    (c) => c.action === 'DeregisterTaskDefinition' && c.ok,
  ).length;
  return { expectedActions, lost, wrong, duplicated: okDeregistrations - deregistered };
}
