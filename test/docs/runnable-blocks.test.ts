import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedCommands } from '../../scripts/playground/serve.ts';
import { documentationPages, listRunnableBlocks, normalizeOutput } from './runnable-blocks.ts';

const root = join(import.meta.dirname, '../..');
/** The endpoint the pages show: `npm start -- --serve` listens on 4566 by default. */
const documentedEndpoint = 'http://127.0.0.1:4566';
const blocks = documentationPages(root).flatMap((page) => listRunnableBlocks(root, page));

let served: ChildProcess;
let endpoint: string;

/** Starts `npm start -- --serve` on a free port and waits for the line naming its endpoint. */
function startServing(): Promise<string> {
  served = spawn(
    join(root, 'node_modules/.bin/node'),
    ['scripts/start.ts', '--serve', '--port', '0'],
    {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    served.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /export AWS_ENDPOINT_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    served.once('exit', (code) => reject(new Error(`--serve exited with ${code}: ${output}`)));
  });
}

/** Runs one block as a newcomer would paste it: bash, from the project folder, stopping on error. */
function runBlock(script: string): Promise<{ code: number; output: string }> {
  // The pages show the default port; this test's account listens on a free one.
  const pasted = script.replaceAll(documentedEndpoint, endpoint);
  const env = {
    PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
    HOME: mkdtempSync(join(tmpdir(), 'runnable-home-')),
    NO_COLOR: '1',
    SLS_TELEMETRY_DISABLED: '1',
    // The suite built the bundles once; `invoke local` must not rebuild them under other tests.
    AUTOPILOT_SKIP_BUILD: '1',
  };
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-eo', 'pipefail', '-c', pasted],
      { cwd: root, env, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

beforeAll(async () => {
  endpoint = await startServing();
}, 60_000);

afterAll(() => {
  served.kill('SIGTERM');
});

describe('runnable shell blocks of the README and docs/', () => {
  it('finds blocks to run in the README and in docs/', () => {
    expect(blocks.some((block) => block.page === 'README.md')).toBe(true);
    expect(new Set(blocks.map((block) => block.page)).size).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((block) => [`${block.page}:${block.line}`, block] as const))(
    '%s runs against the playground account and prints what the page shows',
    async (_, block) => {
      // Act
      const { code, output } = await runBlock(block.script);

      // Assess
      expect(code, output).toBe(0);
      expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      if (block.shownOutput !== undefined) {
        const actual = normalizeOutput(output).join('\n');
        for (const line of normalizeOutput(block.shownOutput))
          expect(actual, output).toContain(line);
      }
    },
    150_000,
  );

  it('shows on docs/playground.md exactly the commands --serve prints', () => {
    const shown = listRunnableBlocks(root, 'docs/playground.md')
      .map((block) => block.script)
      .join('\n');
    const printed = servedCommands(documentedEndpoint, join(root, 'scripts/playground/policy.yml'));
    for (const command of printed) expect(shown).toContain(command);
  });
});
