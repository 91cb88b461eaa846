import type { PruneConfig } from '../../config/prune-section.ts';
import { interleaveByRank, splitChangeCap } from './change-cap.ts';
import { decideActiveHold, decideAge, decideInactiveKeep } from './decide-revision.ts';
import {
  type PruneInventory,
  PruneKeepReasons,
  type PrunePlan,
  type PrunePlanReason,
  PruneRemoveReasons,
  type PruneRevisionDecision,
} from './prune-types.ts';
import { activeFactsOf, buildRunFacts, inactiveFactsOf, type RunFacts } from './run-facts.ts';
import { summarizePrunePlan } from './summarize-prune-plan.ts';
import { formatTaskDefinitionRef } from './task-definition-ref.ts';

/** Positions in the decision list of one family's removals, oldest first. */
type Removals = { deregister: number[]; delete: number[] };

/**
 * Plans one prune run: decides every ACTIVE and INACTIVE revision of the inventory, then applies
 * the change cap. Linear in the number of revisions (Maps and Sets, one pass per family).
 *
 * Never removes on partial knowledge: when the inventory is incomplete (or an in-use reference
 * could not be parsed) every revision that would have been removed is kept as
 * `partial-inventory` and the plan's reason says so.
 *
 * @returns the plan: a decision and reason for every revision, removals in execution order, and
 *   a summary. Expected outcomes (nothing to do, blocked, capped) are reasons, never throws.
 */
export function planPrune(inventory: PruneInventory, config: PruneConfig, now: number): PrunePlan {
  const facts = buildRunFacts(inventory, config, now);
  const decisions: PruneRevisionDecision[] = [];
  const removals: Removals[] = [];
  for (const family of familyNames(inventory)) {
    const found: Removals = { deregister: [], delete: [] };
    decideActiveFamily(facts, family, decisions, found.deregister);
    decideInactiveFamily(facts, family, decisions, found.delete);
    removals.push(found);
  }

  const deregisterOrder = interleaveByRank(removals.map((found) => found.deregister));
  const deleteOrder = interleaveByRank(removals.map((found) => found.delete));
  const split = splitChangeCap(config.maxChangesPerRun, deregisterOrder.length, deleteOrder.length);
  const deregister = takeWithinCap(decisions, deregisterOrder, split.deregister);
  const deleteRefs = takeWithinCap(decisions, deleteOrder, split.delete);

  const reason: PrunePlanReason = !facts.complete
    ? 'partial-inventory'
    : deregister.length + deleteRefs.length > 0
      ? 'changes-planned'
      : 'nothing-to-prune';
  return {
    reason,
    dryRun: config.dryRun,
    gaps: facts.gaps,
    sources: inventory.sources ?? [],
    inUseScan: inventory.inUseScan ?? 'read',
    dynamicReferences: facts.dynamic.resolved,
    decisions,
    deregister,
    delete: deleteRefs,
    summary: summarizePrunePlan({ decisions }),
  };
}

function decideActiveFamily(
  run: RunFacts,
  family: string,
  decisions: PruneRevisionDecision[],
  removals: number[],
): void {
  const facts = activeFactsOf(run, family);
  const ageCut = run.inventory.ageCuts?.get(family);
  facts.revisions.forEach((revision, index) => {
    const keep =
      decideActiveHold(facts, index, revision) ??
      (run.complete
        ? decideAge(revision, facts.rules.minAgeMs, ageCut)
        : PruneKeepReasons.partialInventory);
    if (keep === undefined) {
      removals.push(decisions.length);
      decisions.push({
        family,
        revision,
        status: 'ACTIVE',
        action: 'deregister',
        reason: PruneRemoveReasons.stale,
      });
    } else {
      decisions.push({ family, revision, status: 'ACTIVE', action: 'keep', reason: keep });
    }
  });
}

function decideInactiveFamily(
  run: RunFacts,
  family: string,
  decisions: PruneRevisionDecision[],
  removals: number[],
): void {
  const entries = run.inventory.inactiveRevisions?.get(family) ?? [];
  const facts = inactiveFactsOf(run, family);
  for (const entry of [...entries].sort((a, b) => a.revision - b.revision)) {
    const { revision } = entry;
    const keep = decideInactiveKeep(facts, entry);
    if (keep === undefined) {
      removals.push(decisions.length);
      decisions.push({
        family,
        revision,
        status: 'INACTIVE',
        action: 'delete',
        reason: PruneRemoveReasons.inactivePastGrace,
      });
    } else {
      decisions.push({ family, revision, status: 'INACTIVE', action: 'keep', reason: keep });
    }
  }
}

/** Keeps the first `limit` removals; marks the rest `over-change-cap` for a later run. */
function takeWithinCap(
  decisions: PruneRevisionDecision[],
  order: readonly number[],
  limit: number,
): string[] {
  const refs: string[] = [];
  order.forEach((position, rank) => {
    const decision = decisions[position];
    if (decision === undefined) return;
    if (rank < limit) {
      refs.push(formatTaskDefinitionRef(decision.family, decision.revision));
      return;
    }
    const { family, revision, status } = decision;
    decisions[position] = {
      family,
      revision,
      status,
      action: 'keep',
      reason: PruneKeepReasons.overChangeCap,
    };
  });
  return refs;
}

/** Every family of either status, sorted like ListTaskDefinitions' ASC order. */
function familyNames(inventory: PruneInventory): string[] {
  const names = new Set(inventory.activeRevisions.keys());
  for (const family of inventory.inactiveRevisions?.keys() ?? []) names.add(family);
  return [...names].sort();
}
