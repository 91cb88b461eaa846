import { compileGlob, compileGlobs } from '../../config/glob.ts';
import type { PruneConfig } from '../../config/prune-section.ts';

const DAY_MS = 86_400_000;

/** The retention rules that apply to one family after include/exclude and overrides. */
export type FamilyRules = {
  /** False when `families.include` does not match or `families.exclude` does. */
  included: boolean;
  keepNewest: number;
  /** Minimum age of an ACTIVE revision before it may be deregistered, in ms. */
  minAgeMs: number;
};

/** Resolves the rules of a family by its exact name. */
export type FamilyRulesResolver = (family: string) => FamilyRules;

/**
 * Compiles the policy's family globs once, so resolving thousands of families stays linear.
 * Globs match the whole family name (`config/glob.ts`), so `app` selects `app` and never `app-worker`;
 * `app*` selects both because the operator wrote it. Overrides apply in order, first match wins.
 *
 * @returns a resolver from family name to its effective rules.
 */
export function compileFamilyRules(config: PruneConfig): FamilyRulesResolver {
  const isIncluded = compileGlobs(config.families.include);
  const isExcluded = compileGlobs(config.families.exclude);
  const overrides = config.familyOverrides.map((entry) => ({
    matches: compileGlob(entry.families),
    keepNewest: entry.keepNewest,
    minAgeDays: entry.minAgeDays,
  }));
  return (family) => {
    const override = overrides.find((entry) => entry.matches(family));
    return {
      included: isIncluded(family) && !isExcluded(family),
      keepNewest: override?.keepNewest ?? config.keepNewest,
      minAgeMs: (override?.minAgeDays ?? config.minAgeDays) * DAY_MS,
    };
  };
}

/** Days to milliseconds, for the grace period. */
export function daysToMs(days: number): number {
  return days * DAY_MS;
}
