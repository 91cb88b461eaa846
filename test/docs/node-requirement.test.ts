import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const manifest = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; version?: string }>;
};

/** The one sentence of the README that states the Node.js requirement. */
function readmeRequirement(): string {
  const match = /Node\.js (\d+\.\d+) or later/.exec(read('README.md'));
  return `${match?.[1] ?? 'missing'}.0`;
}

/** Every package in the lockfile whose `engines.node` refuses this Node.js version. */
function refusedBy(version: string): string[] {
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    return range !== undefined && !semver.satisfies(version, range) ? [path || '(root)'] : [];
  });
}

describe('the Node.js requirement', () => {
  it('is the same in the README and in package.json engines', () => {
    expect(semver.minVersion(manifest.engines.node)?.version).toBe(readmeRequirement());
  });

  it('lets npm ci install on the oldest Node.js the README allows without an EBADENGINE warning', () => {
    expect(refusedBy(readmeRequirement())).toEqual([]);
  });

  it("runs the project's scripts on the Node.js npm ci installs, the Lambda runtime's major", () => {
    // Assess: node@22 in devDependencies is what npm scripts run on (node_modules/.bin first).
    const installed = lock.packages['node_modules/node']?.version ?? '';
    const runtime = (parse(read('serverless.yml')) as { provider: { runtime: string } }).provider
      .runtime;
    expect(`nodejs${semver.major(installed)}.x`).toBe(runtime);
    expect(refusedBy(installed)).toEqual([]);
  });

  it('is stated once: no other page names another minimum', () => {
    const pages = ['README.md', 'docs/cli.md', 'docs/development.md', 'docs/deploy.md'];
    for (const page of pages) {
      expect(read(page), page).not.toMatch(/EBADENGINE|Node\.js (?!20\.19)\d+(\.\d+)? or later/);
    }
  });
});
