/**
 * The fewest API calls any correct prune of an account could make, derived from what the decision
 * logically needs and from the APIs' page and batch sizes. Pure: the efficiency benchmark holds
 * the function's measured calls against it.
 *
 * What a correct prune must know, and the cheapest way ECS, EventBridge and the Tagging API give it:
 * - every ACTIVE revision (and every INACTIVE one when deletion is on): ListTaskDefinitions,
 *   100 ARNs a page, one account-wide scan per status;
 * - each pruned family's age cut: revisions are registered in order, so one DescribeTaskDefinition
 *   (registeredAt) per family can settle it, and no API lists registration times;
 * - each deleted revision's deregisteredAt: only DescribeTaskDefinition returns it, one revision
 *   a call;
 * - what is in use: ListClusters (100 a page); per cluster ListServices (100 a page, at least one
 *   call) and DescribeServices (10 a call) for deployments and task sets; ListTasks (100 a page, at
 *   least one call; desiredStatus RUNNING also covers PENDING tasks) and DescribeTasks (100 a call)
 *   for the revision of each task; EventBridge targets, either ListRules (100 a page) and
 *   ListTargetsByRule per rule, or ListRuleNamesByTarget per cluster and ListTargetsByRule per
 *   matching rule, whichever is fewer;
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
  clusters: { services: number; runningTasks: number }[];
  /** EventBridge rules on the default bus, and those with an ECS target on a cluster. */
  rules: number;
  rulesTargetingEcs: number;
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

/** Computes the minimum number of calls for a prune with this outcome. */
export function computePruneMinimum(counts: PruneAccountCounts): PruneMinimum {
  const { clusters, runs } = counts;
  const c = clusters.length;
  const perRun: Record<string, [number, string]> = {
    ListTaskDefinitions: [
      pages(counts.activeRevisions, 100) +
        (counts.deletionEnabled ? pages(counts.inactiveRevisions, 100) : 0),
      `⌈${counts.activeRevisions} ACTIVE / 100⌉${counts.deletionEnabled ? ` + ⌈${counts.inactiveRevisions} INACTIVE / 100⌉` : ''}`,
    ],
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
      sum(clusters.map((k) => pages(k.runningTasks, 100))),
      'Σ clusters max(1, ⌈tasks / 100⌉)',
    ],
    DescribeTasks: [
      sum(clusters.map((k) => Math.ceil(k.runningTasks / 100))),
      'Σ clusters ⌈tasks / 100⌉',
    ],
    [eventBridgeRuleReads]: [
      Math.min(pages(counts.rules, 100) + counts.rules, c + counts.rulesTargetingEcs),
      `min(⌈${counts.rules} rules / 100⌉ + ${counts.rules}, ${c} clusters + ${counts.rulesTargetingEcs} ECS rules)`,
    ],
    GetResources: [pages(counts.retainTagged, 100), `⌈${counts.retainTagged} tagged / 100⌉`],
    PutEvents: [1, 'one audit event'],
  };
  const byOperation: Record<string, number> = {};
  const derivation: string[] = [];
  for (const [operation, [calls, why]] of Object.entries(perRun)) {
    byOperation[operation] = calls * runs;
    derivation.push(`${operation}: ${runs} run(s) × ${calls} (${why})`);
  }
  byOperation.DescribeTaskDefinition = counts.familiesAgeChecked + counts.deleted;
  derivation.push(
    `DescribeTaskDefinition: ${counts.familiesAgeChecked} families' age cut + ${counts.deleted} deleted revisions' deregisteredAt`,
  );
  byOperation.DeregisterTaskDefinition = counts.deregistered;
  derivation.push(`DeregisterTaskDefinition: ${counts.deregistered}, one per revision`);
  if (counts.deleted > 0) {
    byOperation.DeleteTaskDefinitions = Math.ceil(counts.deleted / 10);
    derivation.push(`DeleteTaskDefinitions: ⌈${counts.deleted} / 10⌉`);
  }
  return { total: sum(Object.values(byOperation)), byOperation, derivation };
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
