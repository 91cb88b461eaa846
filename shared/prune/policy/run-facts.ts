import type { PruneConfig } from '../../config/prune-section.ts';
import type { ActiveFamilyFacts, InactiveFamilyFacts } from './decide-revision.ts';
import { type DynamicReferencePlan, resolveDynamicReferences } from './dynamic-references.ts';
import { compileFamilyRules, daysToMs, type FamilyRulesResolver } from './family-rules.ts';
import type { PruneInventory } from './prune-types.ts';
import { indexRevisionRefs, type RevisionRefIndex } from './task-definition-ref.ts';

/** The inventory parts the probe planners need (age cuts are what they help find). */
export type ProbeInventory = Omit<PruneInventory, 'ageCuts' | 'inactiveGraceCuts'> &
  Partial<Pick<PruneInventory, 'ageCuts' | 'inactiveGraceCuts'>>;

/** Per-run facts shared by the planners: compiled rules and indexed references. */
export type RunFacts = {
  inventory: ProbeInventory;
  config: PruneConfig;
  now: number;
  rulesFor: FamilyRulesResolver;
  inUse: RevisionRefIndex;
  retained: RevisionRefIndex;
  dynamic: DynamicReferencePlan;
  /** Why removals are blocked; empty when the inventory is complete. */
  gaps: readonly string[];
  complete: boolean;
};

/**
 * Indexes the inventory once. The run counts as incomplete when the handler says so, reports a
 * gap, passed an in-use reference that does not parse (it might name a revision in use), or found
 * a dynamic reference nothing resolves.
 *
 * @returns the facts every per-family decision reads.
 */
export function buildRunFacts(
  inventory: ProbeInventory,
  config: PruneConfig,
  now: number,
): RunFacts {
  const inUse = indexRevisionRefs(inventory.inUse);
  const dynamic = resolveDynamicReferences(
    inventory.dynamicReferences ?? [],
    config.dynamicReferences,
  );
  const gaps = [
    ...inventory.gaps,
    ...inUse.unparsed.map((text) => `unrecognised in-use reference: ${text}`),
    ...dynamic.gaps,
  ];
  if (!inventory.complete && gaps.length === 0) gaps.push('inventory reported incomplete');
  return {
    inventory,
    config,
    now,
    rulesFor: compileFamilyRules(config),
    inUse,
    retained: indexRevisionRefs(inventory.retained),
    dynamic,
    gaps,
    complete: gaps.length === 0,
  };
}

/**
 * Collects what the ACTIVE-revision rules read for one family.
 *
 * @returns the family's ascending revisions, rules and references.
 */
export function activeFactsOf(run: RunFacts, family: string): ActiveFamilyFacts {
  return {
    revisions: ascending(run.inventory.activeRevisions.get(family)),
    rules: run.rulesFor(family),
    used: run.inUse.revisions.get(family),
    latestUsed: run.inUse.familyOnly.has(family),
    dynamicallyReferenced: run.dynamic.isKept(family),
    retained: run.retained.revisions.get(family),
  };
}

/**
 * Collects what the INACTIVE-revision rules read for one family.
 *
 * @returns the family's rules, grace settings and references.
 */
export function inactiveFactsOf(run: RunFacts, family: string): InactiveFamilyFacts {
  return {
    rules: run.rulesFor(family),
    deleteEnabled: run.config.deleteInactive.enabled,
    graceMs: daysToMs(run.config.deleteInactive.graceDays),
    graceCut: run.inventory.inactiveGraceCuts?.get(family),
    used: run.inUse.revisions.get(family),
    dynamicallyReferenced: run.dynamic.isKept(family),
    retained: run.retained.revisions.get(family),
    complete: run.complete,
    now: run.now,
  };
}

/**
 * Guarantees ascending, duplicate-free revisions without trusting the caller's order.
 *
 * @returns the input itself when already ascending, otherwise a sorted copy.
 */
export function ascending(revisions: readonly number[] | undefined): readonly number[] {
  if (revisions === undefined) return [];
  for (let index = 1; index < revisions.length; index += 1) {
    if ((revisions[index] ?? 0) <= (revisions[index - 1] ?? 0)) {
      return [...new Set(revisions)].sort((a, b) => a - b);
    }
  }
  return revisions;
}
