import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planPrune } from '../../../../shared/prune/policy/plan-prune.ts';
import type { PruneInventory } from '../../../../shared/prune/policy/prune-types.ts';
import { assertProperty } from '../../../reliability/support/assert-property.ts';
import { arnOf, configOf, DAY_MS, MINUTE_MS, NOW } from './prune-fixtures.ts';

// Names that are prefixes of each other, so any prefix matching would show.
const FAMILIES = ['app', 'app-worker', 'api', 'web', 'web_1'] as const;

const refArb = fc
  .record({
    family: fc.constantFrom(...FAMILIES),
    revision: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    asArn: fc.boolean(),
  })
  .map(({ family, revision, asArn }) =>
    asArn ? arnOf(family, revision) : revision === undefined ? family : `${family}:${revision}`,
  );

const familyArb = fc.record({
  active: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }),
  ageCut: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  inactive: fc.uniqueArray(
    fc.record({
      revision: fc.integer({ min: 41, max: 60 }),
      deregisteredAt: fc.option(fc.integer({ min: NOW - 60 * DAY_MS, max: NOW }), {
        nil: undefined,
      }),
    }),
    { selector: (entry) => entry.revision, maxLength: 8 },
  ),
});

const scenarioArb = fc.record({
  families: fc.dictionary(fc.constantFrom(...FAMILIES), familyArb),
  inUse: fc.array(refArb, { maxLength: 15 }),
  retained: fc.array(refArb, { maxLength: 6 }),
  complete: fc.boolean(),
  keepNewest: fc.integer({ min: 1, max: 12 }),
  minAgeDays: fc.constantFrom(0, 14),
  graceDays: fc.constantFrom(0, 30),
  maxChangesPerRun: fc.integer({ min: 1, max: 60 }),
  excluded: fc.subarray([...FAMILIES]),
  override: fc.option(
    fc.record({
      families: fc.constantFrom(...FAMILIES),
      keepNewest: fc.integer({ min: 1, max: 20 }),
    }),
    { nil: undefined },
  ),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function inventoryFrom(scenario: Scenario): PruneInventory {
  const entries = Object.entries(scenario.families);
  const ageCuts = entries.flatMap(([family, data]) =>
    data.ageCut === undefined ? [] : [[family, data.ageCut] as const],
  );
  return {
    // Deliberately unsorted: the planner must not trust the order for the newest-N rule.
    activeRevisions: new Map(entries.map(([family, data]) => [family, data.active])),
    ageCuts: new Map(ageCuts),
    inactiveRevisions: new Map(entries.map(([family, data]) => [family, data.inactive])),
    inUse: scenario.inUse,
    retained: scenario.retained,
    complete: scenario.complete,
    gaps: scenario.complete ? [] : ['DescribeServices failed'],
  };
}

/** @returns why the revision must never be deregistered, or undefined if it may be. */
function protectionOf(scenario: Scenario, family: string, revision: number): string | undefined {
  const data = scenario.families[family];
  if (data === undefined) return 'unknown family';
  const refs = new Set(scenario.inUse);
  const newestFirst = [...data.active].sort((a, b) => b - a);
  const keepNewest =
    scenario.override?.families === family ? scenario.override.keepNewest : scenario.keepNewest;
  if ((scenario.excluded as readonly string[]).includes(family)) return 'excluded';
  if (refs.has(`${family}:${revision}`) || refs.has(arnOf(family, revision))) return 'in use';
  if (
    scenario.retained.some(
      (ref) => ref === `${family}:${revision}` || ref === arnOf(family, revision),
    )
  ) {
    return 'retained';
  }
  if (newestFirst[0] === revision) return 'last active';
  if (newestFirst.indexOf(revision) < keepNewest) return 'newest N';
  if (scenario.minAgeDays > 0 && (data.ageCut === undefined || revision > data.ageCut)) {
    return 'too young or unknown age';
  }
  return undefined;
}

function configFrom(scenario: Scenario) {
  return configOf({
    keepNewest: scenario.keepNewest,
    minAgeDays: scenario.minAgeDays,
    maxChangesPerRun: scenario.maxChangesPerRun,
    families: { exclude: scenario.excluded },
    familyOverrides: scenario.override === undefined ? [] : [scenario.override],
    deleteInactive: { enabled: true, graceDays: scenario.graceDays },
  });
}

function parse(ref: string): [string, number] {
  const colon = ref.lastIndexOf(':');
  return [ref.slice(0, colon), Number(ref.slice(colon + 1))];
}

describe('planPrune properties', () => {
  it('never deregisters a protected revision and never removes on partial inventory', ({
    task,
  }) => {
    assertProperty(
      task,
      'prune-task-definitions',
      fc.property(scenarioArb, (scenario) => {
        // Act
        const plan = planPrune(inventoryFrom(scenario), configFrom(scenario), NOW);

        // Assess
        if (!scenario.complete) {
          expect(plan.deregister).toEqual([]);
          expect(plan.delete).toEqual([]);
          expect(plan.reason).toBe('partial-inventory');
        }
        for (const ref of plan.deregister) {
          const [family, revision] = parse(ref);
          expect(protectionOf(scenario, family, revision), ref).toBeUndefined();
        }
        expect(new Set(plan.deregister).size).toBe(plan.deregister.length);
        expect(plan.deregister.length + plan.delete.length).toBeLessThanOrEqual(
          scenario.maxChangesPerRun,
        );
      }),
    );
  });

  it('deletes only unreferenced revisions inactive past the grace period and window', ({
    task,
  }) => {
    assertProperty(
      task,
      'prune-task-definitions',
      fc.property(scenarioArb, (scenario) => {
        // Act
        const plan = planPrune(inventoryFrom(scenario), configFrom(scenario), NOW);

        // Assess
        const minimumInactiveMs = Math.max(scenario.graceDays * DAY_MS, 10 * MINUTE_MS);
        for (const ref of plan.delete) {
          const [family, revision] = parse(ref);
          const entry = scenario.families[family]?.inactive.find((e) => e.revision === revision);
          expect(entry?.deregisteredAt).toBeDefined();
          expect(NOW - (entry?.deregisteredAt ?? NOW)).toBeGreaterThanOrEqual(minimumInactiveMs);
          expect(scenario.inUse).not.toContain(ref);
          expect(scenario.inUse).not.toContain(arnOf(family, revision));
          expect(scenario.excluded as readonly string[]).not.toContain(family);
        }
      }),
    );
  });

  it('decides every revision exactly once and removes oldest first within a family', ({ task }) => {
    assertProperty(
      task,
      'prune-task-definitions',
      fc.property(scenarioArb, (scenario) => {
        // Act
        const plan = planPrune(inventoryFrom(scenario), configFrom(scenario), NOW);

        // Assess
        const expected = Object.values(scenario.families).reduce(
          (sum, data) => sum + data.active.length + data.inactive.length,
          0,
        );
        expect(plan.decisions).toHaveLength(expected);
        const lastByFamily = new Map<string, number>();
        for (const ref of plan.deregister) {
          const [family, revision] = parse(ref);
          expect(revision).toBeGreaterThan(lastByFamily.get(family) ?? 0);
          lastByFamily.set(family, revision);
        }
      }),
    );
  });

  it('never removes more when it learns of more revisions in use or retained', ({ task }) => {
    assertProperty(
      task,
      'prune-task-definitions',
      fc.property(
        scenarioArb,
        fc.array(refArb, { maxLength: 10 }),
        fc.array(refArb, { maxLength: 5 }),
        (scenario, moreInUse, moreRetained) => {
          // Prepare: no cap pressure, so only the keep rules decide.
          const uncapped = { ...scenario, maxChangesPerRun: 1_000 };
          const informed = {
            ...uncapped,
            inUse: [...scenario.inUse, ...moreInUse],
            retained: [...scenario.retained, ...moreRetained],
          };
          // Act
          const plan = planPrune(inventoryFrom(uncapped), configFrom(uncapped), NOW);
          const safer = planPrune(inventoryFrom(informed), configFrom(informed), NOW);
          // Assess: what the better-informed run removes, the first would have removed too.
          for (const ref of safer.deregister) expect(plan.deregister).toContain(ref);
          for (const ref of safer.delete) expect(plan.delete).toContain(ref);
        },
      ),
      { numRuns: 300 },
    );
  });
});
