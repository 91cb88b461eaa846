import { compileGlobs, type GlobMatcher, matchesGlob } from '../../config/glob.ts';
import type { PruneDynamicReferenceRule } from '../../config/prune-section.ts';
import type { DynamicReference, ResolvedDynamicReference } from './in-use-sources.ts';

/** The run's treatment of every dynamic reference, and what it means for the plan. */
export type DynamicReferencePlan = {
  resolved: ResolvedDynamicReference[];
  /** True for a family some dynamic reference may name: every revision of it is kept. */
  isKept: GlobMatcher;
  /** One gap line per reference nothing resolves: any blocks every removal. */
  gaps: string[];
};

/**
 * Decides what each reference the inventory could not read statically means. The safe default
 * is to block: a reference nobody resolved removes nothing in the run (a gap naming it), because
 * it might name any revision. It is resolved when its expression can only name known families
 * (a `States.Format` template with a literal family) or when a `prune.dynamicReferences` entry
 * names its state machine; the families either lists are then kept whole, and an entry without
 * families acknowledges a state machine that runs nothing prune would remove.
 *
 * @returns the resolved references (for the plan and the CLI), the kept-family matcher, the gaps.
 */
export function resolveDynamicReferences(
  references: readonly DynamicReference[],
  rules: readonly PruneDynamicReferenceRule[],
): DynamicReferencePlan {
  const resolved: ResolvedDynamicReference[] = [];
  const gaps: string[] = [];
  for (const reference of references) {
    const rule =
      reference.source === 'step-functions'
        ? rules.find((entry) => matchesGlob(reference.name, entry.stateMachine))
        : undefined;
    const families = reference.families ?? rule?.families;
    if (families !== undefined && families.length > 0) {
      resolved.push({ ...reference, resolution: 'families-kept', keptFamilies: families });
    } else if (rule !== undefined) {
      resolved.push({ ...reference, resolution: 'acknowledged', keptFamilies: [] });
    } else {
      resolved.push({ ...reference, resolution: 'blocking', keptFamilies: [] });
      gaps.push(describeBlockingReference(reference));
    }
  }
  const isKept = compileGlobs(resolved.flatMap((reference) => reference.keptFamilies));
  return { resolved, isKept, gaps };
}

function describeBlockingReference(reference: DynamicReference): string {
  if (reference.source === 'scheduler-schedules') {
    return `scheduler-schedules: schedule ${reference.name} runs an ECS task whose task definition cannot be read (${reference.expression}); fix the schedule's target input`;
  }
  const version = reference.version === undefined ? '' : ` version ${reference.version}`;
  return `step-functions: state machine ${reference.name}${version}, state "${reference.location}": TaskDefinition ${reference.expression} is computed at run time; list the state machine in prune.dynamicReferences with the families it may run`;
}
