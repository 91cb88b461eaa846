import { describe, expect, it } from 'vitest';
import { parsePruneInvocation } from '../../../shared/prune/invocation.ts';
import { InvalidEventError } from '../../../shared/runtime/errors.ts';
import { loadFixture } from '../../support/fixtures.ts';

describe('parsePruneInvocation', () => {
  it('reads the schedule event', () => {
    expect(parsePruneInvocation(loadFixture('scheduled-event-prune.json'))).toEqual({
      kind: 'scheduled',
      eventId: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      time: '2026-11-22T12:00:00Z',
    });
  });

  it.each([
    [
      'the manual fixture',
      loadFixture('prune-manual-invocation.json'),
      true,
      ['checkout-api', 'nightly-report'],
    ],
    ['an empty payload', {}, undefined, undefined],
    ['no payload', null, undefined, undefined],
    ['dryRun false', { dryRun: false }, false, undefined],
  ])('reads %s as a manual run', (_, payload, dryRun, families) => {
    expect(parsePruneInvocation(payload)).toEqual({ kind: 'manual', dryRun, families });
  });

  it.each([
    ['a mistyped key', { dryrun: true }, 'unknown key(s) "dryrun"'],
    [
      'a glob instead of a family',
      { families: ['app*'] },
      'families[0]: must be an exact family name',
    ],
    ['a revision instead of a family', { families: ['app:3'] }, 'families[0]: must be an exact'],
    ['an empty family list', { families: [] }, 'families: list at least one family'],
    ['a string dryRun', { dryRun: 'false' }, 'dryRun:'],
    [
      'another EventBridge event',
      { 'detail-type': 'ECS Task State Change', id: 'x' },
      'detail-type',
    ],
  ])('rejects %s, naming the problem', (_, payload, problem) => {
    let error: unknown;
    try {
      parsePruneInvocation(payload);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).issues.join('\n')).toContain(problem);
  });
});
