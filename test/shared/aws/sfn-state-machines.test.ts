import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  SFNClient,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  describeStateMachineDefinition,
  listStateMachines,
  listStateMachineVersionArns,
} from '../../../shared/aws/sfn-state-machines.ts';
import { AwsCallError } from '../../../shared/runtime/errors.ts';

const sfn = mockClient(SFNClient);
const arn = (name: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
const gone = () => new StateMachineDoesNotExist({ message: 'gone', $metadata: {} });

describe('Step Functions wrappers', () => {
  beforeEach(() => sfn.reset());

  it('lists state machines across pages, 1,000 a page', async () => {
    // Prepare
    sfn
      .on(ListStateMachinesCommand)
      .resolvesOnce({
        stateMachines: [
          { name: 'a', stateMachineArn: arn('a'), type: 'STANDARD', creationDate: new Date() },
        ],
        nextToken: 't',
      })
      .resolvesOnce({
        stateMachines: [
          { name: 'b', stateMachineArn: arn('b'), type: 'EXPRESS', creationDate: new Date() },
        ],
      });

    // Act
    const machines = await listStateMachines();

    // Assess
    expect(machines).toEqual([
      { arn: arn('a'), name: 'a' },
      { arn: arn('b'), name: 'b' },
    ]);
    expect(sfn.commandCalls(ListStateMachinesCommand)[1]?.args[0].input).toEqual({
      maxResults: 1000,
      nextToken: 't',
    });
  });

  it('lists version ARNs across pages, and none for a state machine deleted meanwhile', async () => {
    sfn
      .on(ListStateMachineVersionsCommand, { stateMachineArn: arn('a') })
      .resolvesOnce({
        stateMachineVersions: [
          { stateMachineVersionArn: `${arn('a')}:2`, creationDate: new Date() },
        ],
        nextToken: 'n',
      })
      .resolvesOnce({
        stateMachineVersions: [
          { stateMachineVersionArn: `${arn('a')}:1`, creationDate: new Date() },
        ],
      });
    sfn.on(ListStateMachineVersionsCommand, { stateMachineArn: arn('b') }).rejects(gone());

    expect(await listStateMachineVersionArns(arn('a'))).toEqual([`${arn('a')}:2`, `${arn('a')}:1`]);
    expect(await listStateMachineVersionArns(arn('b'))).toEqual([]);
  });

  it('reads a definition; a deleted state machine has none; other failures throw', async () => {
    sfn.on(DescribeStateMachineCommand, { stateMachineArn: arn('a') }).resolves({
      name: 'a',
      stateMachineArn: arn('a'),
      definition: '{"StartAt":"x"}',
      roleArn: 'r',
      type: 'STANDARD',
      creationDate: new Date(),
    });
    sfn.on(DescribeStateMachineCommand, { stateMachineArn: arn('b') }).rejects(gone());
    const kms = Object.assign(new Error('no key'), { name: 'KmsAccessDeniedException' });
    sfn.on(DescribeStateMachineCommand, { stateMachineArn: arn('c') }).rejects(kms);

    expect(await describeStateMachineDefinition(arn('a'))).toBe('{"StartAt":"x"}');
    expect(await describeStateMachineDefinition(arn('b'))).toBeUndefined();
    await expect(describeStateMachineDefinition(arn('c'))).rejects.toBeInstanceOf(AwsCallError);
  });
});
