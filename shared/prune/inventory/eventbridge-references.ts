import {
  listEventBusNames,
  listScheduledTaskDefinitions,
} from '../../aws/eventbridge-rule-targets.ts';
import { describeGap } from './describe-gap.ts';
import { type SourceScan, startScan } from './source-scan.ts';

/**
 * Reads the ECS targets of the rules of every event bus (default, custom and partner buses: a
 * rule on any of them can run a task on a cluster). A failed read is a gap naming the bus.
 *
 * @param clusters every cluster ARN; undefined when they could not be listed (then nothing can be
 *   looked up, and the source reports that as its gap).
 * @returns the scan: `scanned` counts the event buses read.
 */
export async function scanEventBridgeReferences(
  clusters: readonly string[] | undefined,
): Promise<SourceScan> {
  const scan = startScan('eventbridge-rules');
  if (clusters === undefined) {
    scan.gaps.push(
      `${scan.source}: not read: rules are found by cluster, and the clusters could not be listed`,
    );
    return scan;
  }
  let buses: string[];
  try {
    buses = await listEventBusNames();
  } catch (error) {
    scan.gaps.push(describeGap(`${scan.source}: event buses`, error));
    return scan;
  }
  for (const bus of buses) {
    try {
      scan.refs.push(...(await listScheduledTaskDefinitions(clusters, bus)));
      scan.scanned += 1;
    } catch (error) {
      scan.gaps.push(describeGap(`${scan.source}: event bus ${bus}`, error));
    }
  }
  return scan;
}
