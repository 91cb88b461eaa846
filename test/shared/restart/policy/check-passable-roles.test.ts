import { describe, expect, it } from 'vitest';
import {
  findUnpassableRoles,
  listPassedRoles,
  readArnScope,
} from '../../../../shared/restart/policy/check-passable-roles.ts';

const scope = { partition: 'aws', account: '111122223333' };
const role = (name: string, account = '111122223333', partition = 'aws') =>
  `arn:${partition}:iam::${account}:role/${name}`;

describe('listPassedRoles', () => {
  it.each([
    ['the overrides over the task definition', { taskRoleArn: 'o-task' }, ['o-task', 'd-exec']],
    ['the task definition without overrides', undefined, ['d-task', 'd-exec']],
    ['both overrides', { taskRoleArn: 'o-task', executionRoleArn: 'o-exec' }, ['o-task', 'o-exec']],
  ])('passes %s', (_name, overrides, roles) => {
    const definition = { taskRoleArn: 'd-task', executionRoleArn: 'd-exec' };
    expect(listPassedRoles(overrides, definition)).toEqual(roles);
  });

  it('passes nothing for a task without roles', () => {
    expect(listPassedRoles(undefined, {})).toEqual([]);
  });
});

describe('findUnpassableRoles', () => {
  it.each([
    [
      'a role the pattern names',
      'ecs-autopilot-passable-*',
      [role('ecs-autopilot-passable-job')],
      [],
    ],
    ['a role name (no ARN) of the account', 'job-*', ['job-exec'], []],
    ['a role under a path', 'batch/*', [role('batch/job')], []],
    ['a role outside the pattern', 'job-*', [role('admin')], [role('admin')]],
    ['a lookalike prefix', 'job-*', [role('jobs-admin')], [role('jobs-admin')]],
    [
      'a role of another account',
      '*',
      [role('job', '444455556666')],
      [role('job', '444455556666')],
    ],
    [
      'a role of another partition',
      '*',
      [role('job', '111122223333', 'aws-cn')],
      [role('job', '111122223333', 'aws-cn')],
    ],
    ['the one-character wildcard', 'job-?', [role('job-a'), role('job-ab')], [role('job-ab')]],
  ])('%s', (_name, passableRoleNames, roles, refused) => {
    expect(findUnpassableRoles(roles, { ...scope, passableRoleNames })).toEqual(refused);
  });
});

describe('readArnScope', () => {
  it.each([
    [
      'arn:aws:ecs:us-east-1:111122223333:cluster/batch',
      { partition: 'aws', account: '111122223333' },
    ],
    [
      'arn:aws-cn:ecs:cn-north-1:111122223333:cluster/b',
      { partition: 'aws-cn', account: '111122223333' },
    ],
    ['not-an-arn', undefined],
  ])('reads %s', (arn, expected) => {
    expect(readArnScope(arn)).toEqual(expected);
  });
});
