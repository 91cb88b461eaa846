import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FAILURE_RULES,
  restartSectionSchema,
} from '../../../shared/config/restart-section.ts';

describe('restartSectionSchema', () => {
  it('parses an empty section to safe defaults that select nothing', () => {
    expect(restartSectionSchema.parse({})).toEqual({
      dryRun: false,
      select: [],
      classify: [],
      useDefaultRules: true,
      backoff: { initialSeconds: 10, factor: 2, maxSeconds: 300, jitterRatio: 0.1 },
      healthyResetAfterSeconds: 600,
      maxAttempts: 6,
      crashLoop: { maxFailures: 5, windowSeconds: 600, scope: 'family' },
      spotFallback: [],
      network: [],
      runTaskRetry: { maxRetries: 5 },
    });
  });

  it('parses a full section', () => {
    // Prepare
    const section = {
      dryRun: true,
      select: [
        { cluster: 'batch-*', family: 'report-*', mode: 'on-failure' },
        { group: 'family:etl-*', mode: 'always' },
      ],
      classify: [
        { exitCodes: [3, '64-78'], action: 'give-up' },
        { stoppedReason: 'Timeout*', action: 'retry' },
      ],
      backoff: { initialSeconds: 5, maxSeconds: 600 },
      crashLoop: { maxFailures: 3, scope: 'group' },
      spotFallback: [{ from: 'FARGATE_SPOT', to: [{ capacityProvider: 'FARGATE', weight: 1 }] }],
      network: [
        {
          cluster: 'batch-*',
          securityGroups: ['sg-0123456789abcdef0'],
          subnets: ['subnet-0123456789abcdef0'],
        },
      ],
    };
    // Act
    const config = restartSectionSchema.parse(section);
    // Assess
    expect(config.backoff).toEqual({
      initialSeconds: 5,
      factor: 2,
      maxSeconds: 600,
      jitterRatio: 0.1,
    });
    expect(config.crashLoop).toEqual({ maxFailures: 3, windowSeconds: 600, scope: 'group' });
    // A public IP is never assumed: without assignPublicIp, a Fargate restart is network-unknown.
    expect(config.network[0]).not.toHaveProperty('assignPublicIp');
    expect(config.spotFallback[0]?.to).toEqual([
      { capacityProvider: 'FARGATE', weight: 1, base: 0 },
    ]);
  });

  it('reports every invalid key at once, with its path', () => {
    // Act
    const result = restartSectionSchema.safeParse({
      dryRun: 'yes',
      select: [
        { cluster: 'x', mode: 'sometimes' },
        { family: 'y', mode: 'always', extra: true },
      ],
      classify: [{ exitCodes: ['9-3', 300], action: 'retry' }, { action: 'explode' }],
      backoff: { maxSeconds: 3600 },
      maxAttempts: 0,
      network: [{ securityGroups: ['default'] }],
      typo: 1,
    });
    // Assess
    const paths = result.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'dryRun',
        'select.0.mode',
        'select.1',
        'classify.0.exitCodes.0',
        'classify.0.exitCodes.1',
        'classify.1.action',
        'backoff.maxSeconds',
        'maxAttempts',
        'network.0.securityGroups.0',
        '',
      ]),
    );
  });

  it('ships default rules that give up on missing images and retry transient start failures', () => {
    expect(DEFAULT_FAILURE_RULES.map((r) => r.action)).toContain('give-up');
    expect(
      DEFAULT_FAILURE_RULES.find((r) => r.stoppedReason === 'ResourceInitializationError*')?.action,
    ).toBe('retry');
  });
});
