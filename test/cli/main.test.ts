import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCliProcess } from './cli-process.ts';

const root = join(import.meta.dirname, '../..');
const run = promisify(execFile);

/** The first `node` on PATH that is not the project's own (the one that ran `npm ci`). */
function systemNode(): string {
  const dirs = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'));
  for (const dir of dirs) {
    try {
      accessSync(join(dir, 'node'), constants.X_OK);
      return join(dir, 'node');
    } catch {}
  }
  return process.execPath;
}

describe('the ecs-autopilot command', () => {
  it('is an executable, node-run file, as npm links a bin', () => {
    // Prepare
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

    // Act
    const bin = join(root, manifest.bin['ecs-autopilot']);

    // Assess: npm runs the bin directly, so it needs the execute bit and a node shebang.
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('runs as a process: results on stdout, the exit status from the command', async () => {
    // Act
    const result = await runCliProcess(['plan', 'prune', '--no-such-option']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('unknown option --no-such-option');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['the system Node.js (the one that ran npm ci)', systemNode()],
    ["the project's Node.js 22", join(root, 'node_modules/.bin/node')],
  ])('runs from outside the repository, started by %s', async (_, node) => {
    // Prepare: a directory with no project and no policy.yml above it.
    const elsewhere = mkdtempSync(join(tmpdir(), 'autopilot-outside-'));
    const bin = join(root, 'cli/bin.js');

    // Act
    const version = await run(node, [bin, '--version'], { cwd: elsewhere });
    const validate = await run(node, [bin, 'validate', '--policy', join(root, 'policy.yml')], {
      cwd: elsewhere,
    });

    // Assess
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(validate.stdout).toContain(`${join(root, 'policy.yml')} (--policy): valid`);
  });
});
