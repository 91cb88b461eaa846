import {
  type ListableRevisionStatus,
  listTaskDefinitionArns,
} from '../../aws/ecs-task-definitions.ts';
import { parseTaskDefinitionRef } from '../policy/index.ts';
import { describeGap } from './describe-gap.ts';

/** Revision numbers per exact family, ascending, and what could not be read. */
export type RevisionScan = { revisions: Map<string, number[]>; gaps: string[] };

/**
 * Lists every revision of one status in one ordered scan of the account (no `familyPrefix`:
 * it is a prefix, so `app` would also list `app-worker`, and one scan costs a call per 100
 * revisions instead of a call per family) and groups them by exact family name. Only numbers
 * are kept, so 12,000 revisions cost a few hundred kilobytes.
 *
 * @param families exact family names to keep (a manual run's restriction); all when undefined.
 * @returns the grouped revisions; a failed scan is a gap with nothing listed, never a throw.
 */
export async function scanRevisions(
  status: Extract<ListableRevisionStatus, 'ACTIVE' | 'INACTIVE'>,
  families: ReadonlySet<string> | undefined,
): Promise<RevisionScan> {
  const scan: RevisionScan = { revisions: new Map(), gaps: [] };
  let arns: string[];
  try {
    arns = await listTaskDefinitionArns({ status, sort: 'ASC' });
  } catch (error) {
    scan.gaps.push(describeGap(`${status} task definitions`, error));
    return scan;
  }
  for (const arn of arns) {
    const ref = parseTaskDefinitionRef(arn);
    if (ref?.revision === undefined) {
      scan.gaps.push(`${status} task definitions: unrecognised ARN ${arn}`);
      continue;
    }
    if (families !== undefined && !families.has(ref.family)) continue;
    const known = scan.revisions.get(ref.family);
    if (known === undefined) scan.revisions.set(ref.family, [ref.revision]);
    else known.push(ref.revision);
  }
  // ASC sorts by family then revision already; sorting again is cheap and does not trust it.
  for (const revisions of scan.revisions.values()) revisions.sort((a, b) => a - b);
  return scan;
}
