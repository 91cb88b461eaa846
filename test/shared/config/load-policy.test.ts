import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, parsePolicy } from '../../../shared/config/load-policy.ts';
import { loadRuntimeSettings } from '../../../shared/config/runtime-settings.ts';
import { InvalidConfigError } from '../../../shared/runtime/errors.ts';

async function writePolicy(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'autopilot-policy-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('parsePolicy', () => {
  it('accepts an empty document with safe defaults: prune dry-run, nothing restarted or scaled', () => {
    const policy = parsePolicy({});

    expect(policy.prune.dryRun).toBe(true);
    expect(policy.pacing.share).toBe(0.5);
    expect(policy.scale.services).toEqual([]);
  });

  it('refuses glob syntax it does not support, naming the key, the problem and the glob', () => {
    // Prepare: a negated exclude would otherwise match nothing and prune what it meant to keep.
    const document = {
      restart: { select: [{ family: '@(etl|report)-*', mode: 'on-failure' }] },
      prune: { families: { exclude: ['!keep-*'] } },
      scale: { services: [{ match: { service: 'web-{1..3}' }, max: 3, metrics: [] }] },
    };

    // Act
    const error = (() => {
      try {
        return parsePolicy(document);
      } catch (thrown) {
        return thrown;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).problems).toEqual(
      expect.arrayContaining([
        'restart.select[0].family: extglobs such as @(a|b) are not supported; use {a,b}, got "@(etl|report)-*"',
        'prune.families.exclude[0]: a leading ! (negation) is not supported, got "!keep-*"',
        'scale.services[0].match.service: a {…} group needs two or more alternatives, e.g. {web,api} ({1..3} ranges are not supported), got "web-{1..3}"',
      ]),
    );
  });
});

describe('loadPolicyFile', () => {
  it('reports every problem of a broken policy file in one error, with path, expectation and value', async () => {
    // Prepare: three independent mistakes in three sections.
    const path = await writePolicy(
      'broken.yml',
      ['pacing:', '  share: 7', 'prune:', '  keepNewest: ten', 'colour: blue', ''].join('\n'),
    );

    // Act
    const error = await loadPolicyFile(path).catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigError);
    const problems = (error as InvalidConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pacing\.share: .*got 7$/),
        expect.stringMatching(/^prune\.keepNewest: .*got "ten"$/),
        '(document): unknown key(s) "colour"',
      ]),
    );
    expect((error as Error).message).toContain(path);
  });

  it('reads JSON policies and tolerates a byte-order mark', async () => {
    const path = await writePolicy('policy.json', '\uFEFF{"pacing": {"share": 0.25}}');

    await expect(loadPolicyFile(path)).resolves.toMatchObject({ pacing: { share: 0.25 } });
  });

  it('names a file it cannot parse', async () => {
    const path = await writePolicy('bad.yml', 'prune: [unclosed');

    await expect(loadPolicyFile(path)).rejects.toThrow(/cannot parse .*bad\.yml/);
  });
});

describe('loadRuntimeSettings', () => {
  it('reads the stage settings and names every invalid variable', () => {
    expect(loadRuntimeSettings({ DRY_RUN: 'true' })).toMatchObject({
      DRY_RUN: true,
      AUDIT_EVENT_BUS_NAME: 'default',
    });
    expect(() => loadRuntimeSettings({ DRY_RUN: 'yes', RESTART_QUEUE_URL: 'not a url' })).toThrow(
      /2 problem\(s\)[\s\S]*DRY_RUN[\s\S]*RESTART_QUEUE_URL/,
    );
  });

  it('lets the restart function pass only roles made for it unless the stage names others', () => {
    expect(loadRuntimeSettings({}).PASSABLE_ROLE_NAMES).toBe('ecs-autopilot-passable-*');
    expect(loadRuntimeSettings({ PASSABLE_ROLE_NAMES: 'batch/report-*' }).PASSABLE_ROLE_NAMES).toBe(
      'batch/report-*',
    );
    expect(() => loadRuntimeSettings({ PASSABLE_ROLE_NAMES: 'a b' })).toThrow(
      /PASSABLE_ROLE_NAMES/,
    );
  });
});
