import { describe, expect, it } from 'vitest';
import { restartSectionSchema } from '../../../../shared/config/restart-section.ts';
import {
  isPendingRestart,
  type StoppedTask,
} from '../../../../shared/prune/policy/pending-restarts.ts';

const NOW = Date.UTC(2025, 5, 1);
const MINUTE = 60_000;
const options = { now: NOW, windowMs: 45 * MINUTE };

const task = (changes: Partial<StoppedTask> = {}): StoppedTask => ({
  clusterName: 'batch',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/report:3',
  group: 'family:report',
  startedBy: undefined,
  stoppedAt: NOW - 5 * MINUTE,
  tags: {},
  ...changes,
});

const selecting = (select: unknown[]) => restartSectionSchema.parse({ select });

describe('isPendingRestart', () => {
  it.each([
    [
      'a task opted in by its tag',
      task({ tags: { 'ecs-autopilot:restart': 'on-failure' } }),
      [],
      true,
    ],
    ['a task a restart started', task({ startedBy: 'ecs-autopilot' }), [], true],
    [
      'a task carrying lineage tags',
      task({ tags: { 'ecs-autopilot:lineage': 'abc', 'ecs-autopilot:attempt': '2' } }),
      [],
      true,
    ],
    ['a task a select rule picks', task(), [{ family: 'report', mode: 'always' }], true],
    [
      'a task still stopping (no stop time yet)',
      task({ stoppedAt: undefined }),
      [{ cluster: 'batch', mode: 'on-failure' }],
      true,
    ],
    ['a task nothing selects', task(), [{ family: 'other', mode: 'always' }], false],
    [
      'a task a rule opts out',
      task(),
      [{ family: 'report', mode: 'never' }, { mode: 'always' }],
      false,
    ],
    [
      'a task tagged never, whatever the rules say',
      task({ tags: { 'ecs-autopilot:restart': 'never' } }),
      [{ mode: 'always' }],
      false,
    ],
    [
      'a service task',
      task({ group: 'service:web', tags: { 'ecs-autopilot:restart': 'always' } }),
      [],
      false,
    ],
    [
      'a task stopped before the window',
      task({ stoppedAt: NOW - 46 * MINUTE, startedBy: 'ecs-autopilot' }),
      [],
      false,
    ],
  ])('%s -> %s', (_name, stopped, select, expected) => {
    expect(isPendingRestart(stopped, selecting(select), options)).toBe(expected);
  });
});
