import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/docs/package-template.ts';

/**
 * The layering of shared/ is enforced by Biome (biome.json overrides per folder), not by memory.
 * Each case lints one probe file, placed where it claims to live, in a scratch copy of the project's
 * lint configuration, and asserts the diagnostic a developer would get.
 */
type Diagnostic = { category: string; message: string };

let scratch: string;
const biome = join(projectRoot, 'node_modules', '.bin', 'biome');

function lintProbe(path: string, source: string): Diagnostic[] {
  const file = join(scratch, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  try {
    const output = execFileSync(
      biome,
      ['lint', '--vcs-enabled=false', '--reporter=json', '--diagnostic-level=error', path],
      { cwd: scratch, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return (JSON.parse(output) as { diagnostics: Diagnostic[] }).diagnostics;
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout ?? '';
    return (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics;
  } finally {
    rmSync(file);
  }
}

/** The layering rules a probe broke (each once, however many of its patterns matched). */
const restricted = (diagnostics: Diagnostic[]) => [
  ...new Set(
    diagnostics
      .filter((d) => /noRestricted(Imports|Globals)/.test(d.category))
      .map((d) => d.category.replace('lint/style/', '')),
  ),
];

describe('layering lint', () => {
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'layering-'));
    copyFileSync(join(projectRoot, 'biome.json'), join(scratch, 'biome.json'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each([
    ['the SDK', "import { ECSClient } from '@aws-sdk/client-ecs';\nexport const x = ECSClient;\n"],
    [
      'shared/aws',
      "import { runTask } from '../../aws/ecs-tasks.ts';\nexport const x = runTask;\n",
    ],
    ['node:*', "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n"],
    [
      'the logger',
      "import { createHandler } from '../../runtime/create-handler.ts';\nexport const x = createHandler;\n",
    ],
    [
      'another job',
      "import { planPrune } from '../../prune/policy/plan-prune.ts';\nexport const x = planPrune;\n",
    ],
  ])('fails a policy that imports %s', (_what, source) => {
    expect(restricted(lintProbe('shared/scale/policy/probe.ts', source))).toEqual([
      'noRestrictedImports',
    ]);
  });

  it.each([
    ['the environment', 'export const x = process.env.POLICY_FILE;\n'],
    ['the clock', 'export const x = Date.now();\n'],
  ])('fails a policy that reads %s', (_what, source) => {
    expect(restricted(lintProbe('shared/restart/policy/probe.ts', source))).toEqual([
      'noRestrictedGlobals',
    ]);
  });

  it('lets a policy import its own job, the policy document types and the error family', () => {
    const source = [
      "import type { ScaleConfig } from '../../config/scale-section.ts';",
      "import { InvalidConfigError } from '../../runtime/errors.ts';",
      "import type { ScaleDecision } from './scale-types.ts';",
      'export type X = [ScaleConfig, ScaleDecision, InvalidConfigError];',
      '',
    ].join('\n');
    expect(restricted(lintProbe('shared/scale/policy/probe.ts', source))).toEqual([]);
  });

  it.each([
    [
      'a handler',
      'functions/probe.ts',
      "import { runTask } from '../shared/aws/ecs-tasks.ts';\nexport const x = runTask;\n",
    ],
    [
      'a handler',
      'functions/probe.ts',
      "import { ECSClient } from '@aws-sdk/client-ecs';\nexport const x = ECSClient;\n",
    ],
    [
      'a gather step',
      'shared/prune/probe.ts',
      "import { ECSClient } from '@aws-sdk/client-ecs';\nexport const x = ECSClient;\n",
    ],
    [
      'a job',
      'shared/restart/probe.ts',
      "import { planScaleTick } from '../scale/plan-tick.ts';\nexport const x = planScaleTick;\n",
    ],
    [
      'shared/aws',
      'shared/aws/probe.ts',
      "import { planPrune } from '../prune/policy/plan-prune.ts';\nexport const x = planPrune;\n",
    ],
    [
      'shared/runtime',
      'shared/runtime/probe.ts',
      "import { applyScalePlan } from '../scale/act.ts';\nexport const x = applyScalePlan;\n",
    ],
  ])('fails %s that crosses a layer (%s)', (_who, path, source) => {
    expect(restricted(lintProbe(path, source))).toEqual(['noRestrictedImports']);
  });

  it('lets shared/aws import the SDK', () => {
    const source =
      "import { ECSClient } from '@aws-sdk/client-ecs';\nexport const x = ECSClient;\n";
    expect(restricted(lintProbe('shared/aws/probe.ts', source))).toEqual([]);
  });
});
