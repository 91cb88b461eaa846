import { listTaggedResources } from '../../aws/tagging-resources.ts';
import { parseRetainTag, RETAIN_TAG_KEY } from '../../config/prune-section.ts';
import { describeGap } from './describe-gap.ts';
import type { ReferenceScan } from './in-use-references.ts';

/** The Tagging API's resource type for task-definition revisions. */
const taskDefinitionResourceType = 'ecs:task-definition';

/**
 * Lists the revisions an operator retained with the `ecs-autopilot:retain` tag, in one Tagging
 * API scan rather than a DescribeTaskDefinition per revision. A tag whose value is `false`
 * releases the revision ({@link parseRetainTag}).
 *
 * @returns the retained revision ARNs; a failed scan is a gap (a retained revision would
 *   otherwise look removable), never a throw.
 */
export async function listRetainedRevisions(): Promise<ReferenceScan> {
  try {
    const resources = await listTaggedResources(RETAIN_TAG_KEY, taskDefinitionResourceType);
    const refs = resources
      .filter((resource) => parseRetainTag(resource.tags[RETAIN_TAG_KEY]))
      .map((resource) => resource.arn);
    return { refs: new Set(refs), gaps: [] };
  } catch (error) {
    return { refs: new Set(), gaps: [describeGap('retain tags', error)] };
  }
}
