import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigReference } from '../../scripts/docs/config-reference.ts';
import { readGeneratedSection } from '../../scripts/docs/template-docs.ts';
import { parsePolicy } from '../../shared/config/load-policy.ts';

const page = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

/** `key → default` of every row of the reference that shows a plain (JSON) default. */
function documentedDefaults(): Map<string, unknown> {
  const rows = readGeneratedSection(page, 'config').split('\n');
  const defaults = new Map<string, unknown>();
  for (const row of rows) {
    const match = /^\| `([^`]+)` \| .* \| `(.+)` \|$/.exec(row);
    if (match?.[1] !== undefined && match[2] !== undefined)
      defaults.set(match[1], JSON.parse(match[2]));
  }
  return defaults;
}

/** The value at a dotted path of the parsed empty policy (no `[]` paths: those have no default). */
function valueAt(document: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], document);
}

describe('docs/configuration.md reference', () => {
  it('is what npm run docs generates from the policy schema (run it when this fails)', () => {
    expect(readGeneratedSection(page, 'config')).toBe(`${renderConfigReference()}`);
  });

  it('shows, for every top-level key, the default an empty policy really gets', () => {
    // Act: the functions' own parser on an empty document.
    const effective = parsePolicy({});

    // Assess
    const defaults = [...documentedDefaults()].filter(([key]) => !key.includes('[]'));
    expect(defaults.length).toBeGreaterThan(20);
    for (const [key, shown] of defaults) expect(valueAt(effective, key), key).toEqual(shown);
  });
});
