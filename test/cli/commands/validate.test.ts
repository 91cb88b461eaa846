import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.ts';
import { createFakeIo } from '../fake-io.ts';

/** A directory holding one file (e.g. `policy.yml`) with this text. */
function directoryWith(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'autopilot-validate-'));
  writeFileSync(join(dir, name), text);
  return dir;
}

const brokenPolicy = `version: 1
pacing:
  share: 7
prune:
  keepNewest: ten
  keepNewst: 3
restart:
  backoff: { maxSeconds: 1000 }
scale:
  services:
    - match: { service: web }
      max: 5
      metrics: []
`;

describe('validate', () => {
  it('prints every problem of a broken policy, each with its path, and fails with status 1', async () => {
    // Prepare
    const cwd = directoryWith('policy.yml', brokenPolicy);
    const { io, output } = createFakeIo({ cwd });

    // Act
    const code = await runCli(['validate'], io);

    // Assess
    expect(code).toBe(1);
    const lines = output.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${join(cwd, 'policy.yml')} (default): 5 problem(s)`);
    expect(lines.slice(1)).toEqual([
      '  - pacing.share: Too big: expected number to be <=1, got 7',
      expect.stringMatching(/^ {2}- restart\.backoff\.maxSeconds: Too big: .*900, got 1000$/),
      expect.stringMatching(
        /^ {2}- prune\.keepNewest: .*expected number, received string, got "ten"$/,
      ),
      '  - prune: unknown key(s) "keepNewst"',
      expect.stringMatching(/^ {2}- scale\.services\[0\]\.metrics: Too small: .*>=1 items/),
    ]);
  });

  it('gives the same problems as JSON for scripts', async () => {
    // Prepare
    const cwd = directoryWith('broken.yml', brokenPolicy);
    const { io, output } = createFakeIo({ cwd });

    // Act
    const code = await runCli(['validate', '--policy', 'broken.yml', '--json'], io);

    // Assess
    expect(code).toBe(1);
    const result = JSON.parse(output.stdout);
    expect(result).toMatchObject({ command: 'validate', valid: false });
    expect(result.problems).toHaveLength(5);
    expect(result.policy).toBe(`${join(cwd, 'broken.yml')} (--policy)`);
  });

  it('accepts a valid policy and summarizes what each function will do', async () => {
    // Prepare
    const cwd = directoryWith(
      'policy.json',
      JSON.stringify({ prune: { dryRun: false, keepNewest: 5 }, scale: { dryRun: true } }),
    );
    const { io, output } = createFakeIo({ cwd });

    // Act
    const code = await runCli(['validate', '--policy', 'policy.json'], io);

    // Assess
    expect(code).toBe(0);
    expect(output.stdout).toContain('policy.json (--policy): valid');
    expect(output.stdout).toContain('prune:   acting; keep newest 5');
    expect(output.stdout).toContain('scale:   dry run; 0 service rule(s)');
  });

  it.each([
    ['a file that does not exist', 'missing.yml', undefined, 'cannot read'],
    ['a file that is not YAML', 'bad.yml', 'prune: [unclosed', 'cannot parse'],
  ])('reports %s as a problem with status 1', async (_, name, text, message) => {
    // Prepare
    const cwd =
      text === undefined ? mkdtempSync(join(tmpdir(), 'cli-')) : directoryWith(name, text);
    const { io, output } = createFakeIo({ cwd });

    // Act
    const code = await runCli(['validate', '--policy', name], io);

    // Assess
    expect(code).toBe(1);
    expect(output.stdout).toContain(message);
  });

  it('uses $AUTOPILOT_POLICY, as the build does, when no --policy is given', async () => {
    // Prepare
    const cwd = directoryWith('prod.yml', 'prune: { keepNewest: 0 }\n');
    const { io, output } = createFakeIo({ cwd, env: { AUTOPILOT_POLICY: 'prod.yml' } });

    // Act
    const code = await runCli(['validate'], io);

    // Assess
    expect(code).toBe(1);
    expect(output.stdout).toContain('prod.yml ($AUTOPILOT_POLICY): 1 problem(s)');
    expect(output.stdout).toContain('prune.keepNewest');
  });

  it('refuses with status 2 when there is no policy file to check', async () => {
    // Prepare
    const { io, output } = createFakeIo({ cwd: mkdtempSync(join(tmpdir(), 'cli-')) });

    // Act
    const code = await runCli(['validate'], io);

    // Assess
    expect(code).toBe(2);
    expect(output.stderr).toContain('no policy to validate');
  });

  it("finds the project's policy.yml from a subdirectory, and says which file it used", async () => {
    // Prepare: a project (package.json, policy.yml) and a working directory two levels down.
    const project = directoryWith('policy.yml', 'prune: { keepNewest: 0 }\n');
    writeFileSync(join(project, 'package.json'), '{}');
    const cwd = join(project, 'docs', 'guides');
    mkdirSync(cwd, { recursive: true });
    const { io, output } = createFakeIo({ cwd });

    // Act
    const code = await runCli(['validate'], io);

    // Assess
    expect(code).toBe(1);
    expect(output.stdout).toContain(
      `${join(project, 'policy.yml')} (nearest policy.yml above docs/guides/): 1 problem(s)`,
    );
  });

  it('stops looking at the project root: a policy.yml above it is never used', async () => {
    // Prepare: policy.yml above the project root (package.json), none inside.
    const outside = directoryWith('policy.yml', 'version: 1\n');
    const project = join(outside, 'project');
    mkdirSync(join(project, 'cli'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{}');
    const { io, output } = createFakeIo({ cwd: join(project, 'cli') });

    // Act
    const code = await runCli(['validate'], io);

    // Assess
    expect(code).toBe(2);
    expect(output.stderr).toContain('no policy.yml here or in a parent directory');
  });
});
