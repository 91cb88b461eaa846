import { describe, expect, it } from 'vitest';
import { parseRestartTags } from '../../../shared/restart/restart-tags.ts';

describe('parseRestartTags', () => {
  it('reads mode, security groups, lineage and attempt', () => {
    expect(
      parseRestartTags([
        { key: 'team', value: 'x' },
        { key: 'ecs-autopilot:restart', value: 'always' },
        { key: 'ecs-autopilot:security-groups', value: 'sg-0123456789abcdef0 sg-0123456a' },
        { key: 'ecs-autopilot:lineage', value: '3f1c2a7b9d8e4f60a1b2c3d4e5f60718' },
        { key: 'ecs-autopilot:attempt', value: '4' },
      ]),
    ).toEqual({
      mode: 'always',
      securityGroups: ['sg-0123456789abcdef0', 'sg-0123456a'],
      lineage: '3f1c2a7b9d8e4f60a1b2c3d4e5f60718',
      attempt: 4,
      warnings: [],
    });
  });

  it('returns nothing but an empty warning list for untagged tasks', () => {
    expect(parseRestartTags([])).toEqual({ warnings: [] });
  });

  it.each([
    ['ecs-autopilot:restart', 'ALWAYS'],
    ['ecs-autopilot:restart', 'on-failure '],
    ['ecs-autopilot:security-groups', 'sg-0123456789abcdef0,sg-0123456789abcdef1'],
    ['ecs-autopilot:security-groups', 'sg-1 sg-2 sg-3 sg-4 sg-5 sg-6'],
    ['ecs-autopilot:security-groups', `sg-0123456789abcdef0 ${'x'.repeat(300)}`],
    ['ecs-autopilot:security-groups', 'sg-0123456789abcdef0  sg-0123456789abcdef1'],
    ['ecs-autopilot:lineage', '../../etc/passwd'],
    ['ecs-autopilot:attempt', '0'],
    ['ecs-autopilot:attempt', '-1'],
    ['ecs-autopilot:attempt', '1e9'],
  ])('ignores the hostile or malformed %s tag %j with a warning', (key, value) => {
    // Act
    const tags = parseRestartTags([{ key, value }]);
    // Assess
    expect(Object.keys(tags)).toEqual(['warnings']);
    expect(tags.warnings).toEqual([expect.stringMatching(new RegExp(`^${key}: `))]);
    expect(tags.warnings[0]).not.toContain(value);
  });
});
