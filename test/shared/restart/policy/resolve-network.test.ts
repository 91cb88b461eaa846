import { describe, expect, it } from 'vitest';
import { resolveNetwork } from '../../../../shared/restart/policy/resolve-network.ts';
import { parseRestartTags } from '../../../../shared/restart/restart-tags.ts';
import { loadTask, makeConfig } from './restart-fixtures.ts';

const FARGATE = 'task-stopped-essential-exit-1-fargate';
const SUBNET = 'subnet-0a1b2c3d4e5f60001';
const RULE_SG = 'sg-0a1b2c3d4e5f60009';
const TAG_SG = 'sg-0a1b2c3d4e5f6000a';
const sgTag = { key: 'ecs-autopilot:security-groups', value: TAG_SG };
const ipTag = (value: string) => ({ key: 'ecs-autopilot:assign-public-ip', value });
const rule = (extra: Record<string, unknown> = {}) => ({
  network: [{ cluster: 'batch', securityGroups: [RULE_SG], ...extra }],
});

describe('resolveNetwork', () => {
  it.each([
    ['the rule gives ENABLED', rule({ assignPublicIp: 'ENABLED' }), [], [RULE_SG], 'ENABLED'],
    ['the rule gives DISABLED', rule({ assignPublicIp: 'DISABLED' }), [], [RULE_SG], 'DISABLED'],
    [
      'the tags give groups and ENABLED, over a rule saying DISABLED',
      rule({ assignPublicIp: 'DISABLED' }),
      [sgTag, ipTag('ENABLED')],
      [TAG_SG],
      'ENABLED',
    ],
  ])('rebuilds a Fargate network when %s', (_name, config, tags, securityGroups, publicIp) => {
    // Act
    const network = resolveNetwork(
      loadTask(FARGATE),
      'awsvpc',
      parseRestartTags(tags),
      makeConfig(config),
    );
    // Assess
    expect(network).toEqual({
      kind: 'known',
      awsvpcConfiguration: { subnets: [SUBNET], securityGroups, assignPublicIp: publicIp },
    });
  });

  it.each([
    ['the rule does not say', rule(), [], ['assignPublicIp']],
    [
      'the tag gives the groups but not the public IP (a rule never fills in for it)',
      rule({ assignPublicIp: 'ENABLED' }),
      [sgTag],
      ['assignPublicIp'],
    ],
    [
      'the public-IP tag is hostile (ignored)',
      rule(),
      [sgTag, ipTag('yes please')],
      ['assignPublicIp'],
    ],
    ['nothing gives anything', { network: [] }, [], ['securityGroups', 'assignPublicIp']],
  ])('never guesses a Fargate public IP: unknown when %s', (_name, config, tags, missing) => {
    const network = resolveNetwork(
      loadTask(FARGATE),
      'awsvpc',
      parseRestartTags(tags),
      makeConfig(config),
    );
    expect(network).toEqual({ kind: 'unknown', missing });
  });

  it('gives an awsvpc task on EC2 no public IP, the only value ECS accepts there', () => {
    // Prepare: the Fargate fixture, moved to EC2.
    const task = { ...loadTask(FARGATE), launchType: 'EC2' };
    // Act
    const network = resolveNetwork(task, 'awsvpc', parseRestartTags([]), makeConfig(rule()));
    // Assess
    expect(network).toMatchObject({
      kind: 'known',
      awsvpcConfiguration: { assignPublicIp: 'DISABLED' },
    });
  });

  it('needs no network for a bridge task without an ENI', () => {
    const task = loadTask('task-stopped-old-arn-format-ec2');
    expect(resolveNetwork(task, 'bridge', parseRestartTags([]), makeConfig())).toEqual({
      kind: 'not-needed',
    });
  });
});
