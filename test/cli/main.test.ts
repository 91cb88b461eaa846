import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_MAIN, runCliProcess } from './cli-process.ts';

const root = join(import.meta.dirname, '../..');

describe('cli/main.ts', () => {
  it('is the executable, node-run file that `npx ecs-autopilot` starts', () => {
    // Prepare
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

    // Act
    const bin = join(root, manifest.bin['ecs-autopilot']);

    // Assess: npm runs the bin directly, so it needs the execute bit and a node shebang.
    expect(bin).toBe(CLI_MAIN);
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('runs as a process: results on stdout, the exit status from the command', async () => {
    // Act
    const result = await runCliProcess(['plan', 'prune', '--no-such-option']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("Unknown option '--no-such-option'");
  });
});
