import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadFunctionPolicy,
  parseFunctionPolicy,
} from '../../../shared/config/load-function-policy.ts';
import { pruneFunctionPolicy } from '../../../shared/config/prune-section.ts';
import { restartFunctionPolicy } from '../../../shared/config/restart-section.ts';
import { InvalidConfigError } from '../../../shared/runtime/errors.ts';

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseFunctionPolicy', () => {
  it('gives a function the document keys and the sections it reads, every default applied', () => {
    // Act
    const policy = parseFunctionPolicy(
      { scale: { services: 'not read here' } },
      pruneFunctionPolicy,
      'test',
    );

    // Assess
    // Prune reads restart's selection and retry timing too: a pending restart pins a revision.
    expect(Object.keys(policy).sort()).toEqual(['pacing', 'prune', 'restart', 'version']);
    expect(policy.pacing.share).toBe(0.5);
    expect(policy.prune).toMatchObject({ dryRun: true, keepNewest: 10, minAgeDays: 14 });
  });

  it('names every problem of what it reads, the top level and its section, and no other section’s', () => {
    // Prepare: two problems of its own, one in another section, an unknown top-level key.
    const document = {
      pacing: { share: 2 },
      restart: { maxAttempts: 'six' },
      prune: { keepNewest: 0 },
      colour: 'blue',
    };

    // Act
    const problems = problemsOf(() => parseFunctionPolicy(document, restartFunctionPolicy, 'test'));

    // Assess
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pacing\.share: .*got 2$/),
        expect.stringMatching(/^restart\.maxAttempts: .*got "six"$/),
        '(document): unknown key(s) "colour"',
      ]),
    );
  });

  it('reports its section’s problems even when the document is not an object', () => {
    // Act
    const problems = problemsOf(() => parseFunctionPolicy('prune: 1', pruneFunctionPolicy, 'test'));

    // Assess
    expect(problems).toEqual([expect.stringMatching(/^\(document\): .*expected object/)]);
  });
});

describe('loadFunctionPolicy', () => {
  it('reads a YAML file (anchors included) and validates it for the function', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'autopilot-function-policy-'));
    const path = join(dir, 'policy.yml');
    await writeFile(
      path,
      'prune:\n  keepNewest: &n 3\n  familyOverrides:\n    - families: api\n      keepNewest: *n\n',
    );

    // Act
    const policy = await loadFunctionPolicy(pruneFunctionPolicy, path);

    // Assess
    expect(policy.prune.keepNewest).toBe(3);
    expect(policy.prune.familyOverrides).toEqual([{ families: 'api', keepNewest: 3 }]);
  });

  it('gives the defaults when no file is named (unbundled code)', async () => {
    // Act
    const policy = await loadFunctionPolicy(restartFunctionPolicy, undefined);

    // Assess
    expect(policy.restart.select).toEqual([]);
    expect(policy.version).toBe(1);
  });
});
