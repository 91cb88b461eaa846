import { type PruneConfig, pruneSectionSchema } from '../../../../shared/config/prune-section.ts';
import type { DynamicReference } from '../../../../shared/prune/policy/in-use-sources.ts';
import type {
  InactiveRevision,
  PruneInventory,
  PrunePlan,
} from '../../../../shared/prune/policy/prune-types.ts';
import { summarizePrunePlan } from '../../../../shared/prune/policy/summarize-prune-plan.ts';

/** A fixed clock: 2025-06-01T00:00:00Z. */
export const NOW = Date.UTC(2025, 5, 1);
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** @returns a task-definition ARN of the test account. */
export function arnOf(family: string, revision?: number): string {
  const tail = revision === undefined ? family : `${family}:${revision}`;
  return `arn:aws:ecs:eu-west-1:123456789012:task-definition/${tail}`;
}

/** @returns revisions 1..count. */
export function revisionsUpTo(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index + 1);
}

/** @returns a parsed prune section with the given overrides (dry-run off by default here). */
export function configOf(input: Record<string, unknown> = {}): PruneConfig {
  return pruneSectionSchema.parse({ dryRun: false, ...input });
}

type InventoryInput = {
  active?: Record<string, number[]>;
  ageCuts?: Record<string, number>;
  inactive?: Record<string, InactiveRevision[]>;
  graceCuts?: Record<string, number>;
  inUse?: string[];
  retained?: string[];
  complete?: boolean;
  gaps?: string[];
  dynamic?: DynamicReference[];
};

/** @returns a complete inventory built from plain records. */
export function inventoryOf(input: InventoryInput = {}): PruneInventory {
  return {
    activeRevisions: new Map(Object.entries(input.active ?? {})),
    ageCuts: new Map(Object.entries(input.ageCuts ?? {})),
    inactiveRevisions: new Map(Object.entries(input.inactive ?? {})),
    inactiveGraceCuts: new Map(Object.entries(input.graceCuts ?? {})),
    inUse: input.inUse ?? [],
    retained: input.retained ?? [],
    complete: input.complete ?? true,
    gaps: input.gaps ?? [],
    dynamicReferences: input.dynamic ?? [],
  };
}

/** @returns a plan with nothing decided, and these changes (removals, reason, dry run). */
export function planOf(changes: Partial<PrunePlan>): PrunePlan {
  return {
    reason: 'changes-planned',
    dryRun: false,
    gaps: [],
    sources: [],
    inUseScan: 'read',
    dynamicReferences: [],
    decisions: [],
    deregister: [],
    delete: [],
    summary: summarizePrunePlan({ decisions: [] }),
    ...changes,
  };
}

/** @returns `family:1` … `family:count`. */
export function refsUpTo(family: string, count: number): string[] {
  return revisionsUpTo(count).map((revision) => `${family}:${revision}`);
}
