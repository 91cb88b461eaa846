/**
 * Figure 4, prune API efficiency: one run of prune-task-definitions over the 12,000-revision
 * account (change cap raised to the whole backlog, no throttling, pacing out of the way) and its
 * API calls per pruned revision against the theoretical minimum of prune-minimum.ts. The same
 * child is prune's largest workload, so its peak RSS is prune's memory figure.
 */
import { startSimulator } from '../simulator/index.ts';
import { computePruneMinimum, groupPruneCalls, type PruneAccountCounts } from './prune-minimum.ts';
import type { Comparison, Section } from './report/figures.ts';
import { round } from './report/figures.ts';
import { loadEvent, total } from './support/bench-events.ts';
import {
  type FunctionChildOptions,
  functionEnvironment,
  startFunctionChild,
} from './support/child-process.ts';
import {
  auditRevisions,
  buildPruneAccount,
  pruneAccountShape,
  snapshotRevisions,
} from './support/prune-account.ts';

const ratioTarget = 1.05;
const actions = new Set(['DeregisterTaskDefinition', 'DeleteTaskDefinitions']);

/** The figure section and the child's peak RSS. */
export type PruneEfficiencyOutcome = { section: Section; maxRssKb: number; workload: string };

/** Runs the measurement; throws only when the harness breaks. */
export async function measurePruneEfficiency(
  childOptions: FunctionChildOptions = {},
): Promise<PruneEfficiencyOutcome> {
  const sim = await startSimulator({ scenario: buildPruneAccount() });
  try {
    const before = snapshotRevisions(sim);
    const tasksOf = (arn: string, desired: string) =>
      [...sim.account.tasks.values()].filter(
        (t) => t.clusterArn === arn && t.desiredStatus === desired,
      ).length;
    const clusters = [...sim.account.clusters.values()].map((cluster) => ({
      services: [...sim.account.services.values()].filter((s) => s.clusterArn === cluster.arn)
        .length,
      runningTasks: tasksOf(cluster.arn, 'RUNNING'),
      stoppedTasks: tasksOf(cluster.arn, 'STOPPED'),
    }));
    const rules = [...sim.account.rules.values()];
    const eventBuses = [...sim.account.eventBuses.keys()].map((bus) => {
      const onBus = rules.filter((rule) => rule.eventBusName === bus);
      return {
        rules: onBus.length,
        rulesTargetingEcs: onBus.filter((rule) => rule.targets.some((t) => t.EcsParameters)).length,
      };
    });
    const schedules = [...sim.account.schedules.values()];
    const policy = {
      prune: {
        dryRun: false,
        // The whole backlog in one run: efficiency of the method, not of the cap.
        maxChangesPerRun: 20_000,
        deleteInactive: { enabled: true, graceDays: 30 },
      },
    };
    const env = functionEnvironment(sim.endpoint, policy, { PACING_TIME_FACTOR: '1000000' });
    const child = await startFunctionChild('prune-task-definitions', env, childOptions);
    const run = await child.invoke(loadEvent('scheduled-event-prune.json'));
    const maxRssKb = await child.close();
    if (!run.ok) throw new Error(`prune run failed: ${run.error}`);
    const report = run.result as { reason: string; totalApiCalls: number };

    const audit = auditRevisions(sim, before);
    const families = new Set(
      [...before.active]
        .filter((arn) => sim.account.taskDefinitions.get(arn)?.status !== 'ACTIVE')
        .map((arn) => sim.account.taskDefinitions.get(arn)?.family ?? arn),
    );
    const counts: PruneAccountCounts = {
      activeRevisions: before.active.size,
      inactiveRevisions: before.inactive.size,
      deletionEnabled: true,
      clusters,
      eventBuses,
      schedules: schedules.length,
      schedulesTargetingEcs: schedules.filter((schedule) => schedule.target.EcsParameters).length,
      stateMachines: [...sim.account.stateMachines.values()].map((machine) => ({
        versions: machine.versions.length,
      })),
      retainTagged: 0,
      familiesAgeChecked: families.size,
      deregistered: audit.deregistered,
      deleted: audit.deleted,
      runs: 1,
    };
    const minimum = computePruneMinimum(counts);
    const ours = groupPruneCalls(sim.calls.byAction());
    const pruned = audit.deregistered + audit.deleted;
    const calls = total(ours);
    const inventory = (counts: Record<string, number>) =>
      total(Object.fromEntries(Object.entries(counts).filter(([op]) => !actions.has(op))));
    const operations = [...new Set([...Object.keys(minimum.byOperation), ...Object.keys(ours)])];
    const comparison: Comparison = {
      columns: ['operation', 'ours', 'minimum'],
      rows: operations
        .map((op) => [op, ours[op] ?? 0, minimum.byOperation[op] ?? 0] as [string, number, number])
        .sort((a, b) => b[1] - a[1]),
    };
    return {
      maxRssKb,
      workload: `one run removing ${pruned} of ${before.active.size + before.inactive.size} revisions (figure 4)`,
      section: {
        id: 'prune-efficiency',
        title: '4. Prune API efficiency',
        method: [
          `Account: ${before.active.size + before.inactive.size} revisions (${before.active.size} ACTIVE, ${before.inactive.size} INACTIVE for 60 days) in ${pruneAccountShape.families} families, ${pruneAccountShape.services} services, ${clusters.reduce((n, c) => n + c.runningTasks, 0)} tasks, ${rules.length} rules on ${eventBuses.length} event buses, ${schedules.length} Scheduler schedule(s), ${sim.account.stateMachines.size} state machine(s) (simulator/generate.ts plus the in-use pins of bench/support/prune-account.ts).`,
          'One invocation of the built bundle in a fresh process; policy: keepNewest 10, minAgeDays 14, deleteInactive after 30 days, maxChangesPerRun raised to 20,000 so the whole backlog fits one run; no throttling, pacer out of the way (PACING_TIME_FACTOR 10⁶).',
          'Calls are counted from the simulator’s call log. The minimum is derived in bench/prune-minimum.ts from what the decision needs and the page/batch sizes:',
          ...minimum.derivation.map((line) => `  ${line}`),
        ],
        figures: [
          { name: 'revisions pruned (deregistered + deleted)', value: pruned },
          { name: 'API calls', value: calls, note: `report.reason ${report.reason}` },
          { name: 'theoretical minimum', value: minimum.total },
          {
            name: 'calls per pruned revision',
            value: round(calls / pruned, 3),
            digits: 3,
            note: `minimum ${round(minimum.total / pruned, 3)}`,
          },
          {
            name: 'calls / minimum',
            value: round(calls / minimum.total, 3),
            unit: '×',
            digits: 3,
            target: { op: '<=', value: ratioTarget },
          },
          {
            name: 'inventory calls (all but deregister/delete) / minimum',
            value: round(inventory(ours) / inventory(minimum.byOperation), 2),
            unit: '×',
            digits: 2,
            note: `${inventory(ours)} vs ${inventory(minimum.byOperation)}; no target, shown because the act calls dominate the ratio above`,
          },
          {
            name: 'revisions wrongly touched',
            value: audit.wronglyTouched.length,
            target: { op: '==', value: 0 },
          },
          {
            name: 'duplicate deregistrations',
            value: audit.duplicateDeregistrations,
            target: { op: '==', value: 0 },
          },
        ],
        comparison,
        details: { counts, minimum, ours, audit, durationMs: round(run.durationMs, 0) },
      },
    };
  } finally {
    await sim.close();
  }
}
