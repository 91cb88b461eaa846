import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm start (the playground)', () => {
  it('tells the whole story on the simulator and exits 0', async () => {
    // Act: the same command `npm start` runs, on the project's Node 22.
    const { stdout } = await run('node_modules/.bin/node', ['scripts/start.ts'], {
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 120_000,
    });

    // Assess: each function acted, for the reasons a user would expect.
    expect(stdout).toMatch(/pruneTaskDefinitions\s+web: would remove [1-9]\d*/);
    expect(stdout).toMatch(/pruneTaskDefinitions\s+web: deregistered [1-9]\d*, deleted [1-9]\d*/);
    expect(stdout).toContain('every revision in use is still ACTIVE');
    expect(stdout).toMatch(/restartTask\s+restart attempt 1 in \d+ s via the delay queue/);
    expect(stdout).toContain('max-attempts-reached; "Task Restart Abandoned" published');
    expect(stdout).toMatch(/web: .*3 -> \d+ tasks \(scale-out\)/);
    expect(stdout).toContain('(stabilizing)');
    expect(stdout).toMatch(/\(scale-in\)/);
    expect(stdout).not.toMatch(/ThrottlingException|Error:/);
  }, 120_000);
});
