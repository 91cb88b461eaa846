import { listTaggedResources } from '../../aws/tagging-resources.ts';
import { parseRetainTag, RETAIN_TAG_KEY } from '../../config/prune-section.ts';
import { describeGap } from './describe-gap.ts';
import { type SourceScan, startScan } from './source-scan.ts';

/** The Tagging API's resource type for task-definition revisions. */
const taskDefinitionResourceType = 'ecs:task-definition';

/**
 * Lists the revisions an operator retained with the `ecs-autopilot:retain` tag, in one Tagging
 * API scan rather than a DescribeTaskDefinition per revision. A tag whose value is `false`
 * releases the revision ({@link parseRetainTag}).
 *
 * @returns the scan: `scanned` counts the tagged revisions, `refs` the retained ones; a failed
 *   scan is a gap (a retained revision would otherwise look removable), never a throw.
 */
export async function listRetainedRevisions(): Promise<SourceScan> {
  const scan = startScan('retain-tags');
  try {
    const resources = await listTaggedResources(RETAIN_TAG_KEY, taskDefinitionResourceType);
    scan.scanned = resources.length;
    for (const resource of resources) {
      if (parseRetainTag(resource.tags[RETAIN_TAG_KEY])) scan.refs.push(resource.arn);
    }
  } catch (error) {
    scan.gaps.push(describeGap(`${scan.source}: tagged revisions`, error));
  }
  return scan;
}
