import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, runStart } from './run-start.ts';

const root = join(import.meta.dirname, '../../..');
const demo = join(root, 'simulator/scenarios/demo.yml');
const policy = join(root, 'scripts/playground/policy.yml');
const dir = mkdtempSync(join(tmpdir(), 'playground-input-'));

/** A file in a scratch folder with this text. */
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

const brokenPolicy = file(
  'broken-policy.yml',
  'pacing: { share: 7 }\nprune: { keepNewest: ten, keepNewst: 3 }\n',
);

describe('npm start with bad input', () => {
  it.each([
    ['a scenario file that does not exist', [join(dir, 'nope.yml')], 1, 'cannot read'],
    ['a scenario that is not YAML', [file('broken.yml', 'clusters: [prod\n')], 1, 'cannot parse'],
    [
      'a scenario with invalid fields',
      [
        file(
          'invalid.yml',
          'services: [{ cluster: prod }]\nqueues: [{ name: q, delaySeconds: 901 }]\n',
        ),
      ],
      1,
      'services[0].name',
    ],
    ['a policy file that does not exist', [demo, join(dir, 'none.yml')], 1, 'cannot read'],
    ['a mistyped option', ['--srve'], 2, 'unknown option --srve (did you mean --serve?)'],
    ['a third file', [demo, policy, 'extra.yml'], 2, 'unexpected argument(s): extra.yml'],
    ['a port that is not a number', ['--serve', '--port', 'abc'], 2, '--port takes a port number'],
  ])('refuses %s: exit status %i, one screen, no stack trace', async (_, args, code, message) => {
    // Act
    const result = await runStart(args, 30_000);

    // Assess
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(hasStackTrace(result.stderr + result.stdout)).toBe(false);
    expect(result.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
    expect(result.stdout).toBe('');
  });

  it('lists the same problems of a broken policy as `ecs-autopilot validate`, and starts nothing', async () => {
    // Act
    const result = await runStart([demo, brokenPolicy], 30_000);
    const validate = await promisify(execFile)(
      join(root, 'node_modules/.bin/node'),
      [join(root, 'cli/main.ts'), 'validate', '--policy', brokenPolicy],
      { cwd: root },
    ).catch((error: { stdout: string }) => error);

    // Assess
    const problems = (text: string) => text.split('\n').filter((line) => line.startsWith('  - '));
    expect(result.code).toBe(1);
    expect(problems(result.stderr)).toEqual(problems(validate.stdout));
    expect(problems(result.stderr)).toHaveLength(3);
    expect(result.stdout).toBe('');
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it('says which port is taken when --serve cannot listen, and exits 1', async () => {
    // Prepare: something already listens on the port.
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };

    // Act
    const result = await runStart(['--serve', '--port', String(port)], 30_000).finally(() =>
      blocker.close(),
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`port ${port} is taken: pass --port with another one`);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});
