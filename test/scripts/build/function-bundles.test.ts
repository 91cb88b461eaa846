import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitOutputs } from '../../../scripts/build/split-outputs.ts';
import { bundledPolicyDefines } from '../../../scripts/build.ts';
import { parsePolicy } from '../../../shared/config/load-policy.ts';
import { simulatorEnvironment } from '../../../simulator/environment.ts';
import { type Simulator, startSimulator } from '../../../simulator/index.ts';
import { loadFixture } from '../../support/fixtures.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const node = join(root, 'node_modules', '.bin', 'node');
const run = promisify(execFile);

/** The policy sections each function reads (shared/config/function-policy.ts). */
const sections: Record<string, readonly string[]> = {
  'restart-task': ['restart'],
  'prune-task-definitions': ['prune', 'restart'],
  'scale-services': ['scale'],
};
const allSections = ['restart', 'prune', 'scale'];

/** The modules that left code in a bundle's cold-start files, and in its on-demand chunks. */
function bundleInputs(name: string): { eager: string[]; lazy: string[] } {
  const metafile = JSON.parse(
    readFileSync(join(root, 'dist', name, 'meta.json'), 'utf8'),
  ) as Metafile;
  const { eager, lazy } = splitOutputs(metafile, 'index.mjs');
  const inputs = (paths: { path: string }[]) =>
    paths.flatMap(({ path }) =>
      Object.entries(metafile.outputs[path]?.inputs ?? {})
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([input]) => input),
    );
  return { eager: inputs(eager), lazy: inputs(lazy) };
}

describe('the function bundles', () => {
  it('carry each function the sections of the policy it reads, validated and with every default, as plain data', () => {
    // Prepare: a document that sets one key of each section.
    const policy = parsePolicy({
      pacing: { share: 0.4 },
      restart: { maxAttempts: 3 },
      prune: { keepNewest: 4 },
      scale: { maxServicesChangedPerRun: 7 },
    });

    // Act
    const defines = bundledPolicyDefines(policy);

    // Assess: one identifier per function, each the document keys and the sections it reads.
    expect(Object.keys(defines).sort()).toEqual([
      'AUTOPILOT_POLICY_PRUNE',
      'AUTOPILOT_POLICY_RESTART',
      'AUTOPILOT_POLICY_SCALE',
    ]);
    expect(JSON.parse(defines.AUTOPILOT_POLICY_PRUNE ?? '')).toEqual({
      version: 1,
      pacing: { share: 0.4 },
      prune: policy.prune,
      restart: policy.restart,
    });
    expect(Object.keys(JSON.parse(defines.AUTOPILOT_POLICY_SCALE ?? '')).sort()).toEqual([
      'pacing',
      'scale',
      'version',
    ]);
    expect(JSON.parse(defines.AUTOPILOT_POLICY_RESTART ?? '').restart.backoff).toEqual({
      initialSeconds: 10,
      factor: 2,
      maxSeconds: 300,
      jitterRatio: 0.1,
    });
    expect(JSON.parse(defines.AUTOPILOT_POLICY_SCALE ?? '').scale.maxServicesChangedPerRun).toBe(7);
  });

  it.each(
    Object.entries(sections),
  )('load at the cold start of %s no policy validation, no YAML parser and no other section', (name, own) => {
    // Act
    const { eager, lazy } = bundleInputs(name);

    // Assess: the override's reader, the document schema and YAML come only on demand.
    const others = allSections.filter((section) => !own.includes(section));
    for (const unwanted of [
      /[\\/]yaml[\\/]/,
      /shared\/config\/load-function-policy\.ts$/,
      /shared\/config\/read-policy-document\.ts$/,
      /shared\/config\/document-keys\.ts$/,
      /shared\/config\/policy-schema\.ts$/,
      ...others.map((section) => new RegExp(`shared/config/${section}-section\\.ts$`)),
    ]) {
      expect(eager.filter((input) => unwanted.test(input))).toEqual([]);
    }
    expect(lazy.some((input) => /shared\/config\/load-function-policy\.ts$/.test(input))).toBe(
      true,
    );
    expect(lazy.some((input) => /[\\/]yaml[\\/]/.test(input))).toBe(true);
    for (const section of others) {
      expect(lazy.filter((input) => input.endsWith(`shared/config/${section}-section.ts`))).toEqual(
        [],
      );
    }
  });

  it('keep no other function’s policy data in a bundle', () => {
    // Act: what the prune function's cold start reads.
    const dir = join(root, 'dist', 'prune-task-definitions');
    const metafile = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Metafile;
    const prune = splitOutputs(metafile, 'index.mjs')
      .eager.map(({ path }) => readFileSync(join(root, path), 'utf8'))
      .join('\n');

    // Assess: prune's defaults are there, and restart's (prune reads which stopped tasks a restart
    // may still run); keys only the scale section has are not.
    expect(prune).toContain('keepNewest:10');
    expect(prune).toContain('healthyResetAfterSeconds');
    expect(prune).not.toContain('recommendationNamespace:"ECSAutopilot"');
  });
});

describe('a built function bundle given a YAML POLICY_FILE', () => {
  let sim: Simulator;
  let environment: Record<string, string>;

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: {
        clusters: ['prod'],
        taskDefinitions: [{ family: 'api', revisions: 3, oldestAge: '60d', newestAge: '30d' }],
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'autopilot-yaml-policy-'));
    const file = join(dir, 'policy.yml');
    // YAML only: a comment, an anchor and its alias, block style.
    writeFileSync(
      file,
      [
        '# keep one revision of every family',
        'prune:',
        '  dryRun: false',
        '  keepNewest: &one 1',
        '  minAgeDays: 0',
        '  familyOverrides:',
        '    - families: api',
        '      keepNewest: *one',
        '',
      ].join('\n'),
    );
    environment = {
      ...simulatorEnvironment(sim.endpoint),
      POLICY_FILE: file,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
  });

  afterAll(async () => {
    await sim.close();
  });

  it('reads it with the YAML parser it loads on demand, and acts on it', async () => {
    // Prepare: the bundle's files as `serverless package` zips them, outside the repository, run
    // by plain Node (no node_modules to fall back on, as in Lambda; Vitest would resolve for it).
    const source = join(root, 'dist', 'prune-task-definitions');
    const zip = mkdtempSync(join(tmpdir(), 'autopilot-zip-'));
    for (const file of readdirSync(source).filter((name) => name.endsWith('.mjs'))) {
      copyFileSync(join(source, file), join(zip, file));
    }
    const invoke = [
      `const { handler } = await import(${JSON.stringify(pathToFileURL(join(zip, 'index.mjs')).href)});`,
      `const event = ${JSON.stringify(loadFixture('scheduled-event-prune.json'))};`,
      'const context = { getRemainingTimeInMillis: () => 60000, awsRequestId: "yaml" };',
      'console.log(JSON.stringify(await handler(event, context)));',
    ].join('\n');

    // Act
    const { stdout } = await run(node, ['--input-type=module', '-e', invoke], {
      env: { PATH: process.env.PATH ?? '', HOME: zip, ...environment },
      timeout: 30_000,
    });

    // Assess: the file's keepNewest 1 (the default keeps 10) left one ACTIVE revision.
    expect(JSON.parse(stdout).dryRun).toBe(false);
    const statuses = [...sim.account.taskDefinitions.values()].map((revision) => revision.status);
    expect(statuses.sort()).toEqual(['ACTIVE', 'INACTIVE', 'INACTIVE']);
  });
});
