import {
  DescribeStateMachineCommand,
  ListStateMachineVersionsCommand,
  paginateListStateMachines,
  SFNClient,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import { AwsCallError } from '../runtime/errors.ts';
import { callAws, collectPages } from './call-aws.ts';
import { clientFor } from './clients.ts';

/** A state machine as ListStateMachines lists it. */
export type StateMachineSummary = { arn: string; name: string };

/**
 * Lists every Step Functions state machine (standard and express) of the account and Region,
 * 1,000 a page. Requires states:ListStateMachines.
 * @throws AwsCallError when a page cannot be read.
 */
export function listStateMachines(): Promise<StateMachineSummary[]> {
  const pages = paginateListStateMachines(
    { client: clientFor(SFNClient, { paced: false }), pageSize: 1000 },
    { maxResults: 1000 },
  );
  return collectPages('ListStateMachines', pages, (page) =>
    (page.stateMachines ?? []).flatMap((machine) =>
      machine.stateMachineArn ? [{ arn: machine.stateMachineArn, name: machine.name ?? '' }] : [],
    ),
  );
}

/**
 * Lists the ARNs of a state machine's published versions (`<state machine ARN>:<n>`), 1,000 a
 * page. A version keeps the definition it was published with, and an alias or a direct
 * StartExecution runs it, so each one is a definition in use:
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachineVersions.html
 * Requires states:ListStateMachineVersions.
 * @returns the version ARNs; none when the state machine was deleted since it was listed.
 * @throws AwsCallError when a page cannot be read.
 */
export async function listStateMachineVersionArns(stateMachineArn: string): Promise<string[]> {
  const client = clientFor(SFNClient, { paced: false });
  const arns: string[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await callAws('ListStateMachineVersions', () =>
        client.send(
          new ListStateMachineVersionsCommand({ stateMachineArn, nextToken, maxResults: 1000 }),
        ),
      );
      for (const version of page.stateMachineVersions ?? []) {
        if (version.stateMachineVersionArn) arns.push(version.stateMachineVersionArn);
      }
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (error) {
    if (isGone(error)) return [];
    throw error;
  }
  return arns;
}

/**
 * Reads the Amazon States Language definition of a state machine or of one of its versions. A
 * definition encrypted with a customer managed KMS key also needs kms:Decrypt on that key; without
 * it the call fails (a gap), since `METADATA_ONLY` would leave the definition unread:
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html
 * Requires states:DescribeStateMachine.
 * @returns the definition (JSON text), or undefined when the state machine or version was deleted
 *   since it was listed.
 * @throws AwsCallError for any other failure.
 */
export async function describeStateMachineDefinition(arn: string): Promise<string | undefined> {
  try {
    const machine = await callAws('DescribeStateMachine', () =>
      clientFor(SFNClient, { paced: false }).send(
        new DescribeStateMachineCommand({ stateMachineArn: arn }),
      ),
    );
    return machine.definition ?? '';
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

function isGone(error: unknown): boolean {
  return error instanceof AwsCallError && error.cause instanceof StateMachineDoesNotExist;
}
