import { existsSync, readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const manifest = JSON.parse(read('package.json')) as { version: string; license: string };

/** The released versions of CHANGELOG.md, newest first, as their headings list them. */
function releasedVersions(): string[] {
  return [...read('CHANGELOG.md').matchAll(/^## (\d+\.\d+\.\d+\S*) - \d{4}-\d{2}-\d{2}$/gm)].map(
    (match) => match[1] ?? '',
  );
}

describe('CHANGELOG.md and the version', () => {
  it("puts package.json's version at the top of the released versions", () => {
    expect(releasedVersions()[0]).toBe(manifest.version);
  });

  it('lists releases newest first, each a valid semantic version', () => {
    const versions = releasedVersions();
    expect(versions.every((version) => semver.valid(version) !== null)).toBe(true);
    expect([...versions].sort(semver.rcompare)).toEqual(versions);
  });

  it('is where the upgrade guide sends readers, and no page promises other release notes', () => {
    const upgrade = read('docs/deploy.md')
      .split('\n## ')
      .find((part) => part.startsWith('Upgrade'));
    expect(upgrade).toContain('(../CHANGELOG.md)');
    for (const page of ['README.md', 'docs/deploy.md', 'docs/configuration.md']) {
      expect(read(page), page).not.toMatch(/release notes/i);
    }
  });
});

describe('LICENSE', () => {
  it('is the license package.json declares', () => {
    expect(existsSync(new URL('../../LICENSE', import.meta.url))).toBe(true);
    expect(manifest.license).toBe('Apache-2.0');
    expect(read('LICENSE')).toMatch(/^\s+Apache License\s+Version 2\.0, January 2004/);
  });
});
