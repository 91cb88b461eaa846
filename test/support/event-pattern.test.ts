import { describe, expect, it } from 'vitest';
import { matchesEventPattern } from './event-pattern.ts';

const event = {
  source: 'aws.ecs',
  'detail-type': 'ECS Task State Change',
  resources: ['arn:aws:ecs:us-east-1:111122223333:task/prod/abc'],
  detail: {
    lastStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited',
    group: 'family:web',
    cpu: 256,
    containers: [{ exitCode: 1 }, { exitCode: 0 }],
    startedBy: null,
  },
};

describe('matchesEventPattern', () => {
  // Expected results follow the EventBridge user guide's content-filtering examples.
  it.each([
    ['exact string', { source: ['aws.ecs'] }, true],
    ['exact string, other value', { source: ['aws.ec2'] }, false],
    ['any of several values', { detail: { lastStatus: ['RUNNING', 'STOPPED'] } }, true],
    ['number', { detail: { cpu: [256] } }, true],
    ['null', { detail: { startedBy: [null] } }, true],
    ['event array: any element', { resources: [{ prefix: 'arn:aws:ecs:' }] }, true],
    ['prefix', { detail: { group: [{ prefix: 'family:' }] } }, true],
    ['prefix, no match', { detail: { group: [{ prefix: 'service:' }] } }, false],
    ['suffix', { detail: { group: [{ suffix: ':web' }] } }, true],
    ['equals-ignore-case', { detail: { lastStatus: [{ 'equals-ignore-case': 'stopped' }] } }, true],
    ['wildcard', { detail: { group: [{ wildcard: 'family:*' }] } }, true],
    ['anything-but value', { detail: { lastStatus: [{ 'anything-but': 'RUNNING' }] } }, true],
    ['anything-but list', { detail: { lastStatus: [{ 'anything-but': ['STOPPED'] }] } }, false],
    [
      'anything-but prefix',
      { detail: { group: [{ 'anything-but': { prefix: 'service:' } }] } },
      true,
    ],
    ['anything-but on a missing field', { detail: { absent: [{ 'anything-but': 'x' }] } }, false],
    ['exists: true', { detail: { stopCode: [{ exists: true }] } }, true],
    ['exists: false on a present field', { detail: { stopCode: [{ exists: false }] } }, false],
    ['exists: false on a missing field', { detail: { absent: [{ exists: false }] } }, true],
    ['numeric range', { detail: { cpu: [{ numeric: ['>', 0, '<=', 256] }] } }, true],
    ['numeric out of range', { detail: { cpu: [{ numeric: ['>', 256] }] } }, false],
    ['nested array of objects', { detail: { containers: { exitCode: [1] } } }, true],
    ['nested object where the event has a scalar', { source: { inner: ['x'] } }, false],
    ['every field must match', { source: ['aws.ecs'], 'detail-type': ['Other'] }, false],
  ])('%s → %s', (_name, pattern, expected) => {
    // Act / Assess
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  it('refuses a pattern it does not understand rather than guessing', () => {
    expect(() => matchesEventPattern({ detail: { cpu: [{ cidr: '10.0.0.0/8' }] } }, event)).toThrow(
      /unsupported pattern operator/,
    );
    expect(() => matchesEventPattern({ source: 'aws.ecs' }, event)).toThrow(/must be arrays/);
  });
});
