import { describe, expect, it } from 'vitest';
import {
  indexRevisionRefs,
  parseTaskDefinitionRef,
} from '../../../../shared/prune/policy/task-definition-ref.ts';
import { arnOf } from './prune-fixtures.ts';

describe('parseTaskDefinitionRef', () => {
  it.each([
    ['a full ARN', arnOf('app-worker', 12), { family: 'app-worker', revision: 12 }],
    ['a family-only ARN', arnOf('app'), { family: 'app', revision: undefined }],
    ['family:revision', 'app:3', { family: 'app', revision: 3 }],
    ['a bare family', 'my_App-2', { family: 'my_App-2', revision: undefined }],
    [
      'a GovCloud ARN',
      'arn:aws-us-gov:ecs:us-gov-west-1:1:task-definition/x:1',
      { family: 'x', revision: 1 },
    ],
    ['a zero revision', 'app:0', undefined],
    ['a non-numeric revision', 'app:latest', undefined],
    ['a family with a slash', 'team/app:1', undefined],
    ['an empty string', '', undefined],
  ])('parses %s', (_name, text, expected) => {
    // Act / Assess
    expect(parseTaskDefinitionRef(text)).toEqual(expected);
  });
});

describe('indexRevisionRefs', () => {
  it('groups by exact family and keeps what it cannot parse', () => {
    // Act
    const index = indexRevisionRefs([
      arnOf('app', 1),
      'app:2',
      arnOf('app-worker'),
      'app-worker:1',
      '??',
    ]);

    // Assess
    expect(index.revisions).toEqual(
      new Map([
        ['app', new Set([1, 2])],
        ['app-worker', new Set([1])],
      ]),
    );
    expect(index.familyOnly).toEqual(new Set(['app-worker']));
    expect(index.unparsed).toEqual(['??']);
  });
});
