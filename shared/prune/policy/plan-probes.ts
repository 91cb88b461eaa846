import type { PruneConfig } from '../../config/prune-section.ts';
import { decideActiveHold, decideInactiveKeep } from './decide-revision.ts';
import { PruneKeepReasons } from './prune-types.ts';
import { activeFactsOf, buildRunFacts, inactiveFactsOf, type ProbeInventory } from './run-facts.ts';

/** One family's age search: run {@link findAgeCut} over `candidates` with this cut time. */
export type AgeProbe = {
  family: string;
  /** Ascending revisions whose age alone decides whether they are removed. */
  candidates: readonly number[];
  /** Epoch ms: a revision is old enough when its `registeredAt` is at or before this. */
  registeredBefore: number;
};

/**
 * Lists the ACTIVE revisions whose registration time the handler must establish: only those no
 * other rule keeps (not newest-N, latest, in use, retained or excluded; the last two only as far
 * as the inventory holds references: the first probes of a run run before they are read). Fewer
 * candidates mean fewer probes, and a family whose candidates are all kept anyway costs none.
 *
 * @returns one probe per family that needs one; none when the inventory is incomplete (nothing
 *   would be removed) or the family's minimum age is 0 (every candidate is old enough).
 */
export function planAgeProbes(
  inventory: ProbeInventory,
  config: PruneConfig,
  now: number,
): AgeProbe[] {
  const run = buildRunFacts(inventory, config, now);
  if (!run.complete) return [];
  const probes: AgeProbe[] = [];
  for (const family of inventory.activeRevisions.keys()) {
    const facts = activeFactsOf(run, family);
    if (facts.rules.minAgeMs <= 0) continue;
    const candidates = facts.revisions.filter(
      (revision, index) => decideActiveHold(facts, index, revision) === undefined,
    );
    if (candidates.length > 0) {
      probes.push({ family, candidates, registeredBefore: run.now - facts.rules.minAgeMs });
    }
  }
  return probes;
}

/**
 * Lists the INACTIVE revisions whose times decide whether they are deleted. Run
 * {@link findGraceCut} over `candidates` (grace cut time `registeredBefore`) to get the family's
 * entry for `inactiveGraceCuts` (an undescribed revision above it is inferred to be in its grace
 * period), then describe the candidates at or below the cut for their `deregisteredAt` (the
 * probes already described some of them).
 *
 * @returns one probe per family that needs one; none when deletion is disabled or the inventory
 *   is incomplete.
 */
export function planGraceProbes(
  inventory: ProbeInventory,
  config: PruneConfig,
  now: number,
): AgeProbe[] {
  const run = buildRunFacts({ ...inventory, inactiveGraceCuts: undefined }, config, now);
  if (!run.complete || !config.deleteInactive.enabled) return [];
  const probes: AgeProbe[] = [];
  for (const [family, entries] of inventory.inactiveRevisions ?? []) {
    const facts = inactiveFactsOf(run, family);
    // Only the time-based reasons may remain: those are what the descriptions will settle.
    const candidates = entries
      .filter((entry) => {
        const keep = decideInactiveKeep(facts, { revision: entry.revision });
        return keep === PruneKeepReasons.deregistrationTimeUnknown;
      })
      .map((entry) => entry.revision)
      .sort((a, b) => a - b);
    if (candidates.length > 0) {
      probes.push({ family, candidates, registeredBefore: run.now - facts.graceMs });
    }
  }
  return probes;
}
