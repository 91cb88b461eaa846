/**
 * The fewest API calls any correct prune of an account could make, derived from what the decision
 * logically needs and from the APIs' page and batch sizes. Pure: the efficiency benchmark holds
 * the function's measured calls against it.
 *
 * What a correct prune must know, and the cheapest way ECS, EventBridge, Scheduler, Step Functions
 * and the Tagging API give it:
 * - every ACTIVE and every INACTIVE revision (INACTIVE ones for deletion, and for the report's
 *   remaining INACTIVE count when deletion is off): ListTaskDefinitions, 100 ARNs a page, one
 *   account-wide scan per status;
 * - each pruned family's age cut: revisions are registered in order, so one DescribeTaskDefinition
 *   (registeredAt) per family can settle it, and no API lists registration times;
 * - each deleted revision's deregisteredAt: only DescribeTaskDefinition returns it, one revision
 *   a call;
 * - what is in use: ListClusters (100 a page); per cluster ListServices (100 a page, at least one
 *   call) and DescribeServices (10 a call) for deployments and task sets; ListTasks (100 a page, at
 *   least one call; desiredStatus RUNNING also covers PENDING tasks) and DescribeTasks (100 a call)
 *   for the revision of each task, and the same for STOPPED tasks (a pending restart runs a
 *   stopped task's revision again; only DescribeTasks gives a task's tags and stop time);
 *   ListEventBuses (100 a page), then per bus its ECS targets, either ListRules (100 a page) and
 *   ListTargetsByRule per rule, or ListRuleNamesByTarget per cluster and ListTargetsByRule per
 *   matching rule, whichever is fewer; ListSchedules (100 a page, every group at once) and
 *   GetSchedule per schedule whose target is ECS (the summary names only the target's ARN);
 *   ListStateMachines (1,000 a page), and per state machine ListStateMachineVersions (1,000 a
 *   page, at least one call) and one DescribeStateMachine per definition (itself and each
 *   version);
 * - the retain tag: one Tagging API GetResources page (100 resources) per 100 tagged revisions;
 * - acting: one DeregisterTaskDefinition per revision (no batch form), DeleteTaskDefinitions 10
 *   revisions a call, and the audit event (one PutEvents per run, the product's report contract).
 * The inventory is read again on every run: between runs a deploy may start using a revision.
 */

/** The account and outcome the minimum is computed for. */
export type PruneAccountCounts = {
  activeRevisions: number;
  inactiveRevisions: number;
  deletionEnabled: boolean;
  clusters: { services: number; runningTasks: number; stoppedTasks: number }[];
  /** Per event bus: its rules, and those with an ECS target on a cluster. */
  eventBuses: { rules: number; rulesTargetingEcs: number }[];
  /** Scheduler schedules, and those whose target runs an ECS task. */
  schedules: number;
  schedulesTargetingEcs: number;
  /** Per state machine: its published versions. */
  stateMachines: { versions: number }[];
  /** Revisions carrying the retain tag. */
  retainTagged: number;
  /** Families with at least one revision deregistered for its age. */
  familiesAgeChecked: number;
  deregistered: number;
  deleted: number;
  /** Invocations the prune took (the inventory is read once per run). */
  runs: number;
};

/** The minimum, by operation, and how each line was derived. */
export type PruneMinimum = {
  total: number;
  byOperation: Record<string, number>;
  derivation: string[];
};

/** Operations counted together because either of two APIs can serve them. */
export const eventBridgeRuleReads = 'EventBridge rule reads';

const pages = (items: number, pageSize: number) => Math.max(1, Math.ceil(items / pageSize));
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** An account's shape as one run finds it, and whether that run removes anything. */
export type PruneRunState = Omit<
  PruneAccountCounts,
  'familiesAgeChecked' | 'deregistered' | 'deleted' | 'runs'
> & {
  /**
   * False for a run in which no revision is old enough to be removed on its age alone: it needs
   * its listing and its age probes, but nothing in use can change its plan, so it reads no in-use
   * source. True when some revision is: only the references can keep it.
   */
  removes: boolean;
};

/** One run's unavoidable inventory reads, by operation, with how each is derived. */
function inventoryCalls(state: PruneRunState): Record<string, [number, string]> {
  const listing: Record<string, [number, string]> = {
    ListTaskDefinitions: [
      pages(state.activeRevisions, 100) + pages(state.inactiveRevisions, 100),
      `⌈${state.activeRevisions} ACTIVE / 100⌉ + ⌈${state.inactiveRevisions} INACTIVE / 100⌉`,
    ],
    PutEvents: [1, 'one audit event'],
  };
  if (!state.removes) return listing;
  const { clusters, eventBuses, stateMachines } = state;
  const c = clusters.length;
  const definitions = sum(stateMachines.map((machine) => 1 + machine.versions));
  return {
    ...listing,
    ListClusters: [pages(c, 100), `⌈${c} clusters / 100⌉`],
    ListServices: [
      sum(clusters.map((k) => pages(k.services, 100))),
      'Σ clusters max(1, ⌈services / 100⌉)',
    ],
    DescribeServices: [
      sum(clusters.map((k) => Math.ceil(k.services / 10))),
      'Σ clusters ⌈services / 10⌉',
    ],
    ListTasks: [
      sum(clusters.map((k) => pages(k.runningTasks, 100) + pages(k.stoppedTasks, 100))),
      'Σ clusters max(1, ⌈running tasks / 100⌉) + max(1, ⌈stopped tasks / 100⌉)',
    ],
    DescribeTasks: [
      sum(clusters.map((k) => Math.ceil(k.runningTasks / 100) + Math.ceil(k.stoppedTasks / 100))),
      'Σ clusters ⌈running tasks / 100⌉ + ⌈stopped tasks / 100⌉',
    ],
    ListEventBuses: [pages(eventBuses.length, 100), `⌈${eventBuses.length} buses / 100⌉`],
    [eventBridgeRuleReads]: [
      sum(
        eventBuses.map((bus) =>
          Math.min(pages(bus.rules, 100) + bus.rules, c + bus.rulesTargetingEcs),
        ),
      ),
      `Σ buses min(⌈rules / 100⌉ + rules, ${c} clusters + ECS rules)`,
    ],
    ListSchedules: [pages(state.schedules, 100), `⌈${state.schedules} schedules / 100⌉`],
    GetSchedule: [state.schedulesTargetingEcs, 'one per schedule with an ECS target'],
    ListStateMachines: [
      pages(stateMachines.length, 1000),
      `⌈${stateMachines.length} state machines / 1000⌉`,
    ],
    ListStateMachineVersions: [
      sum(stateMachines.map((machine) => pages(machine.versions, 1000))),
      'Σ state machines max(1, ⌈versions / 1000⌉)',
    ],
    DescribeStateMachine: [definitions, `${definitions} definitions (state machines + versions)`],
    GetResources: [pages(state.retainTagged, 100), `⌈${state.retainTagged} tagged / 100⌉`],
  };
}

/**
 * The minimum over several runs that together prune a backlog (the change cap spreads it): each
 * run reads the inventory again (between runs a deploy may start using a revision), but what a
 * description says never changes, so each family's age cut and each deleted revision's
 * deregistration time are needed once over all the runs.
 *
 * @param outcome the backlog's totals: families whose age was checked, revisions removed.
 */
export function computeRunsMinimum(
  runs: readonly PruneRunState[],
  outcome: Pick<PruneAccountCounts, 'familiesAgeChecked' | 'deregistered' | 'deleted'>,
): PruneMinimum {
  const byOperation: Record<string, number> = {};
  const derivation: string[] = [];
  runs.forEach((state, index) => {
    for (const [operation, [calls]] of Object.entries(inventoryCalls(state))) {
      byOperation[operation] = (byOperation[operation] ?? 0) + calls;
    }
    if (index === 0 || index === runs.length - 1) {
      const what = Object.entries(inventoryCalls(state))
        .map(([operation, [calls, why]]) => `${operation} ${calls} (${why})`)
        .join('; ');
      derivation.push(`run ${index + 1}${state.removes ? '' : ' (nothing old enough)'}: ${what}`);
    }
  });
  if (runs.length > 2)
    derivation.push(`runs 2 to ${runs.length - 1}: the same reads, on what remains`);
  return withDescribesAndActs(byOperation, derivation, outcome);
}

/** Adds the descriptions and the removals a pruned backlog needs (once, whatever the runs). */
function withDescribesAndActs(
  byOperation: Record<string, number>,
  derivation: string[],
  outcome: Pick<PruneAccountCounts, 'familiesAgeChecked' | 'deregistered' | 'deleted'>,
): PruneMinimum {
  byOperation.DescribeTaskDefinition = outcome.familiesAgeChecked + outcome.deleted;
  derivation.push(
    `DescribeTaskDefinition: ${outcome.familiesAgeChecked} families' age cut + ${outcome.deleted} deleted revisions' deregisteredAt`,
  );
  byOperation.DeregisterTaskDefinition = outcome.deregistered;
  derivation.push(`DeregisterTaskDefinition: ${outcome.deregistered}, one per revision`);
  if (outcome.deleted > 0) {
    byOperation.DeleteTaskDefinitions = Math.ceil(outcome.deleted / 10);
    derivation.push(`DeleteTaskDefinitions: ⌈${outcome.deleted} / 10⌉`);
  }
  return { total: sum(Object.values(byOperation)), byOperation, derivation };
}

/** Computes the minimum number of calls for a prune with this outcome. */
export function computePruneMinimum(counts: PruneAccountCounts): PruneMinimum {
  const { runs } = counts;
  const perRun = inventoryCalls({ ...counts, removes: true });
  const byOperation: Record<string, number> = {};
  const derivation: string[] = [];
  for (const [operation, [calls, why]] of Object.entries(perRun)) {
    byOperation[operation] = calls * runs;
    derivation.push(`${operation}: ${runs} run(s) × ${calls} (${why})`);
  }
  return withDescribesAndActs(byOperation, derivation, counts);
}

/** Folds a call log's per-action counts into the minimum's operations. */
export function groupPruneCalls(byAction: Record<string, number>): Record<string, number> {
  const grouped: Record<string, number> = {};
  const ruleReads = new Set(['ListRules', 'ListRuleNamesByTarget', 'ListTargetsByRule']);
  for (const [action, calls] of Object.entries(byAction)) {
    const key = ruleReads.has(action) ? eventBridgeRuleReads : action;
    grouped[key] = (grouped[key] ?? 0) + calls;
  }
  return grouped;
}
