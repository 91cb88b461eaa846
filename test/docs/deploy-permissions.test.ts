import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type PackagedTemplate,
  packageTemplate,
  projectRoot,
} from '../../scripts/docs/package-template.ts';

const page = readFileSync(join(projectRoot, 'docs/deploy.md'), 'utf8');
let template: PackagedTemplate;

beforeAll(() => {
  template = packageTemplate();
}, 60_000);

/** The resource types the "resource type in the template" table of docs/deploy.md covers. */
function documentedResourceTypes(): Set<string> {
  const rows = page.split('\n').filter((line) => line.startsWith('| `AWS::'));
  return new Set(
    rows.flatMap((row) =>
      [...(row.split(' | ')[0] ?? '').matchAll(/`(AWS::[^`]+)`/g)].map((m) => m[1] ?? ''),
    ),
  );
}

describe('docs/deploy.md: what a deploy needs', () => {
  it('lists the actions for every resource type the packaged template creates', () => {
    // Act
    const types = new Set(Object.values(template.Resources).map((resource) => resource.Type));

    // Assess
    const documented = documentedResourceTypes();
    expect([...types].filter((type) => !documented.has(type))).toEqual([]);
    expect([...documented].filter((type) => !types.has(type))).toEqual([]);
  });

  it('describes the serverless that npx runs here: osls', () => {
    const bin = realpathSync(join(projectRoot, 'node_modules/.bin/serverless'));
    expect(bin).toContain('/node_modules/osls/');
    expect(page).toContain('`npx serverless` runs [osls]');
  });
});
