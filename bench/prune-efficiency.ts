/**
 * Figure 4, prune API efficiency over the 12,000-revision account, no throttling, pacing out of
 * the way, against the theoretical minimum of prune-minimum.ts:
 * - at the product's defaults (maxChangesPerRun 500): back-to-back runs of one warm container
 *   until a run finds nothing to remove, against the minimum for the same runs (the target);
 * - in one run, the change cap raised to the whole backlog (the method's cost without the cap's).
 * The one-run child is prune's largest workload, so its peak RSS is prune's memory figure.
 */
import { type Simulator, startSimulator } from '../simulator/index.ts';
import {
  computePruneMinimum,
  computeRunsMinimum,
  groupPruneCalls,
  type PruneAccountCounts,
  type PruneRunState,
} from './prune-minimum.ts';
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
/** The target at the product's defaults, for the same number of runs (issue #19). */
const defaultsRatioTarget = 1.15;
/** Runs after which the defaults measurement stops even if a run still removes something. */
const maxRuns = 40;
const actions = new Set(['DeregisterTaskDefinition', 'DeleteTaskDefinitions']);

/** The figure section and the child's peak RSS. */
export type PruneEfficiencyOutcome = { section: Section; maxRssKb: number; workload: string };

/** The account as a run finds it: what its inventory reads must cover. */
function accountState(sim: Simulator): Omit<PruneRunState, 'removes'> {
  const definitions = [...sim.account.taskDefinitions.values()];
  const tasksOf = (arn: string, desired: string) =>
    [...sim.account.tasks.values()].filter(
      (t) => t.clusterArn === arn && t.desiredStatus === desired,
    ).length;
  const rules = [...sim.account.rules.values()];
  const schedules = [...sim.account.schedules.values()];
  return {
    activeRevisions: definitions.filter((d) => d.status === 'ACTIVE').length,
    inactiveRevisions: definitions.filter((d) => d.status === 'INACTIVE').length,
    deletionEnabled: true,
    clusters: [...sim.account.clusters.values()].map((cluster) => ({
      services: [...sim.account.services.values()].filter((s) => s.clusterArn === cluster.arn)
        .length,
      runningTasks: tasksOf(cluster.arn, 'RUNNING'),
      stoppedTasks: tasksOf(cluster.arn, 'STOPPED'),
    })),
    eventBuses: [...sim.account.eventBuses.keys()].map((bus) => {
      const onBus = rules.filter((rule) => rule.eventBusName === bus);
      return {
        rules: onBus.length,
        rulesTargetingEcs: onBus.filter((rule) => rule.targets.some((t) => t.EcsParameters)).length,
      };
    }),
    schedules: schedules.length,
    schedulesTargetingEcs: schedules.filter((schedule) => schedule.target.EcsParameters).length,
    stateMachines: [...sim.account.stateMachines.values()].map((machine) => ({
      versions: machine.versions.length,
    })),
    retainTagged: 0,
  };
}

const day = 86_400_000;

/**
 * Whether a run must read what is in use: some revision is old enough to be removed on its age
 * alone (ACTIVE beyond the newest 10 and the latest, registered over 14 days ago; INACTIVE for
 * over 30 days), so only the references can keep it. The product's defaults, as the policy below.
 */
function hasAgedCandidates(sim: Simulator): boolean {
  const now = Date.now();
  const byFamily = new Map<string, { revision: number; registeredAt: number }[]>();
  for (const definition of sim.account.taskDefinitions.values()) {
    if (definition.status === 'INACTIVE' && (definition.deregisteredAt ?? now) <= now - 30 * day) {
      return true;
    }
    if (definition.status !== 'ACTIVE') continue;
    const revisions = byFamily.get(definition.family) ?? [];
    revisions.push(definition);
    byFamily.set(definition.family, revisions);
  }
  return [...byFamily.values()].some((revisions) =>
    revisions
      .sort((a, b) => b.revision - a.revision)
      .slice(10)
      .some((revision) => revision.registeredAt <= now - 14 * day),
  );
}

/** Families with a revision deregistered for its age between two snapshots. */
function familiesDeregistered(sim: Simulator, before: ReturnType<typeof snapshotRevisions>) {
  return new Set(
    [...before.active]
      .filter((arn) => sim.account.taskDefinitions.get(arn)?.status !== 'ACTIVE')
      .map((arn) => sim.account.taskDefinitions.get(arn)?.family ?? arn),
  );
}

const deletionPolicy = { dryRun: false, deleteInactive: { enabled: true, graceDays: 30 } };

/** The calls of an invocation series by the minimum's operations, and their comparison rows. */
function compare(ours: Record<string, number>, minimum: Record<string, number>): Comparison {
  const operations = [...new Set([...Object.keys(minimum), ...Object.keys(ours)])];
  return {
    columns: ['operation', 'ours', 'minimum'],
    rows: operations
      .map((op) => [op, ours[op] ?? 0, minimum[op] ?? 0] as [string, number, number])
      .sort((a, b) => b[1] - a[1]),
  };
}

/**
 * The backlog at the product's defaults: one warm container invoked by the schedule until a run
 * removes nothing, each run's account state recorded for the minimum of the same runs.
 */
async function measureAtDefaults(childOptions: FunctionChildOptions) {
  const sim = await startSimulator({ scenario: buildPruneAccount() });
  try {
    const start = snapshotRevisions(sim);
    const env = functionEnvironment(
      sim.endpoint,
      { prune: deletionPolicy },
      { PACING_TIME_FACTOR: '1000000' },
    );
    const child = await startFunctionChild('prune-task-definitions', env, childOptions);
    const states: PruneRunState[] = [];
    const firstRunCalls: Record<string, number>[] = [];
    try {
      for (let run = 0; run < maxRuns; run += 1) {
        const state = { ...accountState(sim), removes: hasAgedCandidates(sim) };
        const before = snapshotRevisions(sim);
        const callsBefore = { ...sim.calls.byAction() };
        const result = await child.invoke(loadEvent('scheduled-event-prune.json'));
        if (!result.ok) throw new Error(`prune run ${run + 1} failed: ${result.error}`);
        const audit = auditRevisions(sim, before);
        states.push(state);
        if (run === 0) {
          const after = sim.calls.byAction();
          firstRunCalls.push(
            Object.fromEntries(
              Object.entries(after).map(([op, n]) => [op, n - (callsBefore[op] ?? 0)]),
            ),
          );
        }
        if (audit.deregistered + audit.deleted === 0) break;
      }
    } finally {
      await child.close();
    }
    const audit = auditRevisions(sim, start);
    const outcome = {
      familiesAgeChecked: familiesDeregistered(sim, start).size,
      deregistered: audit.deregistered,
      deleted: audit.deleted,
    };
    const minimum = computeRunsMinimum(states, outcome);
    return {
      runs: states.length,
      calls: groupPruneCalls(sim.calls.byAction()),
      firstRunInventory: groupPruneCalls(firstRunCalls[0] ?? {}),
      minimum,
      audit,
      lastRunRemoves: states.at(-1)?.removes ?? false,
    };
  } finally {
    await sim.close();
  }
}

/** Runs the measurement; throws only when the harness breaks. */
export async function measurePruneEfficiency(
  childOptions: FunctionChildOptions = {},
): Promise<PruneEfficiencyOutcome> {
  const defaults = await measureAtDefaults(childOptions);
  const sim = await startSimulator({ scenario: buildPruneAccount() });
  try {
    const before = snapshotRevisions(sim);
    const shape = accountState(sim);
    const policy = {
      prune: {
        ...deletionPolicy,
        // The whole backlog in one run: efficiency of the method, not of the cap.
        maxChangesPerRun: 20_000,
      },
    };
    const env = functionEnvironment(sim.endpoint, policy, { PACING_TIME_FACTOR: '1000000' });
    const child = await startFunctionChild('prune-task-definitions', env, childOptions);
    const run = await child.invoke(loadEvent('scheduled-event-prune.json'));
    const maxRssKb = await child.close();
    if (!run.ok) throw new Error(`prune run failed: ${run.error}`);
    const report = run.result as { reason: string; totalApiCalls: number };

    const audit = auditRevisions(sim, before);
    const counts: PruneAccountCounts = {
      ...shape,
      familiesAgeChecked: familiesDeregistered(sim, before).size,
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
    const defaultsCalls = total(defaults.calls);
    const defaultsPruned = defaults.audit.deregistered + defaults.audit.deleted;
    const { clusters } = shape;
    const rules = shape.eventBuses.reduce((n, bus) => n + bus.rules, 0);
    return {
      maxRssKb,
      workload: `one run removing ${pruned} of ${before.active.size + before.inactive.size} revisions (figure 4)`,
      section: {
        id: 'prune-efficiency',
        title: '4. Prune API efficiency',
        method: [
          `Account: ${before.active.size + before.inactive.size} revisions (${before.active.size} ACTIVE, ${before.inactive.size} INACTIVE for 60 days) in ${pruneAccountShape.families} families, ${pruneAccountShape.services} services, ${clusters.reduce((n, c) => n + c.runningTasks, 0)} tasks, ${rules} rules on ${shape.eventBuses.length} event buses, ${shape.schedules} Scheduler schedule(s), ${shape.stateMachines.length} state machine(s) (simulator/generate.ts plus the in-use pins of bench/support/prune-account.ts).`,
          `At the product's defaults (keepNewest 10, minAgeDays 14, maxChangesPerRun 500; deleteInactive after 30 days): the built bundle in one warm process, invoked by the schedule's event until a run removes nothing (${defaults.runs} runs), against the minimum for the same runs: each run's inventory reads for the account it finds (a run in which no revision is old enough to be removed on its age alone needs no in-use read), the descriptions once over all runs (they never change), the removals once.`,
          'In one run: the change cap raised to 20,000 so the whole backlog fits one run, in a fresh process.',
          'No throttling, pacer out of the way (PACING_TIME_FACTOR 10⁶). Calls are counted from the simulator’s call log. The minimum is derived in bench/prune-minimum.ts from what the decision needs and the page/batch sizes:',
          ...minimum.derivation.map((line) => `  ${line}`),
          'For the runs at the defaults:',
          ...defaults.minimum.derivation.map((line) => `  ${line}`),
        ],
        figures: [
          {
            name: 'defaults: runs to prune the backlog',
            value: defaults.runs,
            note: defaults.lastRunRemoves
              ? `stopped at ${maxRuns} runs`
              : 'the last removed nothing',
          },
          { name: 'defaults: revisions pruned', value: defaultsPruned },
          { name: 'defaults: API calls', value: defaultsCalls },
          { name: 'defaults: minimum for the same runs', value: defaults.minimum.total },
          {
            name: 'defaults: calls / minimum for the same runs',
            value: round(defaultsCalls / defaults.minimum.total, 3),
            unit: '×',
            digits: 3,
            target: { op: '<=', value: defaultsRatioTarget },
          },
          {
            name: 'defaults: DescribeTaskDefinition calls',
            value: defaults.calls.DescribeTaskDefinition ?? 0,
            note: `minimum ${defaults.minimum.byOperation.DescribeTaskDefinition ?? 0}`,
          },
          {
            name: 'defaults: calls / the one-run minimum',
            value: round(defaultsCalls / minimum.total, 3),
            unit: '×',
            digits: 3,
            note: `${defaultsCalls} vs ${minimum.total}: what spreading the backlog over ${defaults.runs} runs costs`,
          },
          {
            name: 'defaults: revisions wrongly touched',
            value: defaults.audit.wronglyTouched.length,
            target: { op: '==', value: 0 },
          },
          { name: 'one run: revisions pruned (deregistered + deleted)', value: pruned },
          { name: 'one run: API calls', value: calls, note: `report.reason ${report.reason}` },
          { name: 'one run: theoretical minimum', value: minimum.total },
          {
            name: 'one run: calls per pruned revision',
            value: round(calls / pruned, 3),
            digits: 3,
            note: `minimum ${round(minimum.total / pruned, 3)}`,
          },
          {
            name: 'one run: calls / minimum',
            value: round(calls / minimum.total, 3),
            unit: '×',
            digits: 3,
            target: { op: '<=', value: ratioTarget },
          },
          {
            name: 'one run: inventory calls (all but deregister/delete) / minimum',
            value: round(inventory(ours) / inventory(minimum.byOperation), 2),
            unit: '×',
            digits: 2,
            note: `${inventory(ours)} vs ${inventory(minimum.byOperation)}; no target, shown because the act calls dominate the ratio above`,
          },
          {
            name: 'one run: revisions wrongly touched',
            value: audit.wronglyTouched.length,
            target: { op: '==', value: 0 },
          },
          {
            name: 'one run: duplicate deregistrations',
            value: audit.duplicateDeregistrations,
            target: { op: '==', value: 0 },
          },
        ],
        comparison: compare(defaults.calls, defaults.minimum.byOperation),
        details: {
          counts,
          minimum,
          ours,
          audit,
          durationMs: round(run.durationMs, 0),
          defaults: {
            runs: defaults.runs,
            calls: defaults.calls,
            minimum: defaults.minimum,
            firstRunInventory: defaults.firstRunInventory,
          },
        },
      },
    };
  } finally {
    await sim.close();
  }
}
