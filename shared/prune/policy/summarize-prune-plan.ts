import type { PruneCounts, PruneRevisionDecision, PruneSummary } from './prune-types.ts';
import { formatTaskDefinitionRef, parseTaskDefinitionRef } from './task-definition-ref.ts';

/** What the act step actually did: references (ARN or `family:revision`) that succeeded. */
export type PruneOutcome = {
  deregistered: Iterable<string>;
  deleted: Iterable<string>;
};

/**
 * Summarises a plan per family (kept by reason, deregistered, deleted, remaining) and in total.
 * Without an outcome the counts are the plan's; with one, a planned removal counts as done only
 * when the outcome lists it, and otherwise as `pending` (failed, or not reached before the time
 * budget) and still remaining.
 *
 * @returns the per-family counts, in the plan's family order, and their totals.
 */
export function summarizePrunePlan(
  plan: { readonly decisions: readonly PruneRevisionDecision[] },
  outcome?: PruneOutcome,
): PruneSummary {
  const done = outcome === undefined ? undefined : normalizeRefs(outcome);
  const families = new Map<string, PruneCounts>();
  const totals = emptyCounts();
  for (const decision of plan.decisions) {
    let counts = families.get(decision.family);
    if (counts === undefined) {
      counts = emptyCounts();
      families.set(decision.family, counts);
    }
    const ref = formatTaskDefinitionRef(decision.family, decision.revision);
    for (const target of [counts, totals]) count(target, decision, done?.has(ref) ?? true);
  }
  return {
    executed: outcome !== undefined,
    families: [...families].map(([family, counts]) => ({ family, ...counts })),
    totals: { ...totals, families: families.size },
  };
}

function count(counts: PruneCounts, decision: PruneRevisionDecision, done: boolean): void {
  const active = decision.status === 'ACTIVE';
  if (decision.action === 'keep') {
    counts.kept[decision.reason] = (counts.kept[decision.reason] ?? 0) + 1;
  } else if (done) {
    if (decision.action === 'deregister') counts.deregistered += 1;
    else counts.deleted += 1;
    // A deregistered revision becomes INACTIVE; a deleted one leaves both counts.
    if (active) counts.remainingInactive += 1;
    return;
  } else {
    counts.pending += 1;
  }
  if (active) counts.remainingActive += 1;
  else counts.remainingInactive += 1;
}

function emptyCounts(): PruneCounts {
  return {
    kept: {},
    deregistered: 0,
    deleted: 0,
    pending: 0,
    remainingActive: 0,
    remainingInactive: 0,
  };
}

function normalizeRefs(outcome: PruneOutcome): Set<string> {
  const refs = new Set<string>();
  for (const text of [...outcome.deregistered, ...outcome.deleted]) {
    const ref = parseTaskDefinitionRef(text);
    if (ref?.revision !== undefined) refs.add(formatTaskDefinitionRef(ref.family, ref.revision));
  }
  return refs;
}
