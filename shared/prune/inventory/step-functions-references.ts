import {
  describeStateMachineDefinition,
  listStateMachines,
  listStateMachineVersionArns,
  type StateMachineSummary,
} from '../../aws/sfn-state-machines.ts';
import { runConcurrently } from '../../runtime/run-concurrently.ts';
import { findStateMachineReferences } from '../policy/index.ts';
import { describeGap } from './describe-gap.ts';
import { type SourceScan, startScan } from './source-scan.ts';

/** State machines read at once (Step Functions is not paced; its SDK retries throttling). */
const machineConcurrency = 4;

/**
 * Reads the task definitions Step Functions state machines run on ECS: the current definition of
 * every state machine and the definition of each of its published versions (an alias or a direct
 * execution may run an older version). See {@link findStateMachineReferences} for what a
 * definition references.
 *
 * @returns the scan: `scanned` counts the definitions read; a definition that does not parse or
 *   a failed read is a gap naming the state machine.
 */
export async function scanStepFunctionsReferences(): Promise<SourceScan> {
  const scan = startScan('step-functions');
  let machines: StateMachineSummary[];
  try {
    machines = await listStateMachines();
  } catch (error) {
    scan.gaps.push(describeGap(`${scan.source}: state machines`, error));
    return scan;
  }
  await runConcurrently(machines, machineConcurrency, async (machine) => {
    try {
      const versions = await listStateMachineVersionArns(machine.arn);
      for (const arn of [machine.arn, ...versions]) await readDefinition(machine, arn, scan);
    } catch (error) {
      scan.gaps.push(describeGap(`${scan.source}: state machine ${machine.name}`, error));
    }
  });
  return scan;
}

async function readDefinition(
  machine: StateMachineSummary,
  arn: string,
  scan: SourceScan,
): Promise<void> {
  const definition = await describeStateMachineDefinition(arn);
  if (definition === undefined) return;
  scan.scanned += 1;
  const version = arn === machine.arn ? undefined : arn.slice(arn.lastIndexOf(':') + 1);
  const found = findStateMachineReferences(definition);
  if (found.problem !== undefined) {
    const label = version === undefined ? machine.name : `${machine.name} version ${version}`;
    scan.gaps.push(`${scan.source}: state machine ${label}: ${found.problem}`);
  }
  scan.refs.push(...found.refs);
  for (const reference of found.dynamic) {
    scan.dynamic.push({
      source: 'step-functions',
      name: machine.name,
      ...(version === undefined ? {} : { version }),
      ...reference,
    });
  }
}
