import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** Runs the probe test file in a child vitest with the project's configuration. */
async function runProbe(fail: boolean): Promise<{ output: string; code: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.LOG_PROBE_FAIL;
  if (fail) env.LOG_PROBE_FAIL = '1';
  try {
    const { stdout, stderr } = await run(
      'node_modules/.bin/vitest',
      ['run', '--config', 'test/support/log-probe/vitest.config.ts'],
      { env, timeout: 60_000 },
    );
    return { output: stdout + stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { output: failed.stdout + failed.stderr, code: failed.code };
  }
}

describe('test output (capture-function-logs)', () => {
  it('prints no JSON log line when the tests pass', async () => {
    // Act
    const { output, code } = await runProbe(false);

    // Assess
    expect(code).toBe(0);
    expect(output).toMatch(/1 passed/);
    expect(output).not.toContain('probe decision');
    expect(output).not.toContain('probe stderr line');
    expect(output.split('\n').filter((line) => line.startsWith('{'))).toEqual([]);
  }, 60_000);

  it("shows a failing test's log lines under its name", async () => {
    // Act
    const { output, code } = await runProbe(true);

    // Assess
    expect(code).toBe(1);
    expect(output).toContain('output of "logs like a function and checks its result"');
    const logLine = output.split('\n').find((line) => line.includes('"probe decision"'));
    expect(JSON.parse(logLine ?? '{}')).toMatchObject({ level: 'INFO', reason: 'probe-reason' });
    expect(output).toContain('probe stderr line');
  }, 60_000);
});
