import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { writePolicyFile } from '../support/policy-file.ts';
import { runCliProcess } from './cli-process.ts';

let sim: Simulator;
let home: string;
let policy: string;

/** A HOME whose AWS config names one profile, `ops`, with its Region and keys. */
function createAwsHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'autopilot-aws-home-'));
  mkdirSync(join(dir, '.aws'));
  writeFileSync(join(dir, '.aws/config'), '[profile ops]\nregion = eu-west-1\n');
  writeFileSync(
    join(dir, '.aws/credentials'),
    '[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = ops-secret\n',
  );
  return dir;
}

beforeAll(async () => {
  sim = await startSimulator({ region: 'eu-west-1', scenario: { clusters: ['prod'] } });
  home = createAwsHome();
  policy = writePolicyFile({});
});

afterAll(() => sim.close());

describe('useAwsTarget and checkAwsAccess', () => {
  it('reads with the Region and keys of the profile --profile names (the full SDK chain)', async () => {
    // Act: only the endpoint comes from the environment, nothing else AWS-related.
    const result = await runCliProcess(['plan', 'prune', '--profile', 'ops', '--policy', policy], {
      env: { HOME: home, AWS_ENDPOINT_URL: sim.endpoint, AWS_EC2_METADATA_DISABLED: 'true' },
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('region: eu-west-1');
    expect(sim.calls.count({ action: 'ListTaskDefinitions' })).toBeGreaterThan(0);
  });

  it('fails with status 1, naming the profile, when it has no credentials', async () => {
    // Act
    const result = await runCliProcess(
      ['plan', 'prune', '--profile', 'nosuch', '--region', 'eu-west-1', '--policy', policy],
      { env: { HOME: home, AWS_ENDPOINT_URL: sim.endpoint, AWS_EC2_METADATA_DISABLED: 'true' } },
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no AWS credentials for profile "nosuch"');
    expect(result.stdout).toBe('');
  });

  it('names every fix when there are no credentials at all: profile, environment, simulator', async () => {
    // Act: an empty HOME, no keys, no profile, no instance role.
    const result = await runCliProcess(
      ['plan', 'scale', '--region', 'eu-west-1', '--policy', policy],
      {
        env: {
          HOME: mkdtempSync(join(tmpdir(), 'autopilot-empty-home-')),
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
    );

    // Assess: one screen, no stack trace, each way to fix it named.
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no AWS credentials');
    expect(result.stderr).toContain('--profile NAME');
    expect(result.stderr).toContain('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    expect(result.stderr).toContain('npm start -- --serve');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(10);
  });

  it('names every way to give a Region when none is configured', async () => {
    // Act
    const result = await runCliProcess(['plan', 'scale', '--policy', policy], {
      env: {
        AWS_ACCESS_KEY_ID: 'x',
        AWS_SECRET_ACCESS_KEY: 'y',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no AWS Region');
    expect(result.stderr).toContain('--region');
    expect(result.stderr).toContain('npm start -- --serve');
    expect(result.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(10);
  });

  it('says nothing answers at AWS_ENDPOINT_URL when the simulator is not running', async () => {
    // Act: an endpoint where nothing listens (port 9 is discard, closed on test machines).
    const result = await runCliProcess(
      [
        'explain',
        'events/task-stopped-essential-exit-1-fargate.json',
        '--region',
        'eu-west-1',
        '--policy',
        policy,
      ],
      {
        env: {
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
          AWS_ACCESS_KEY_ID: 'x',
          AWS_SECRET_ACCESS_KEY: 'y',
        },
      },
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Nothing answers at AWS_ENDPOINT_URL=http://127.0.0.1:9');
    expect(result.stderr).toContain('npm start -- --serve');
  });
});
