import { describe, expect, it } from 'vitest';
import {
  compileGlob,
  compileGlobs,
  describeGlobProblem,
  matchesGlob,
} from '../../../shared/config/glob.ts';

describe('matchesGlob', () => {
  it.each([
    // Exact names: the whole name must match, never a prefix or a substring.
    ['app', 'app', true],
    ['app', 'app-worker', false],
    ['app', 'my-app', false],
    ['App', 'app', false],
    // `*`: any run, including none, of any character.
    ['*', 'checkout-api', true],
    ['*', 'family:etl', true],
    ['web-*', 'web-api', true],
    ['web-*', 'web-', true],
    ['web-*', 'web', false],
    ['web-*', 'api-web-1', false],
    ['*-worker', 'billing-worker', true],
    ['*-worker', 'billing-worker-2', false],
    ['b*', 'batch', true],
    ['a*b*c', 'a-b-c', true],
    ['a*b*c', 'a-c', false],
    ['a**b', 'a--b', true],
    ['family:etl-*', 'family:etl-nightly', true],
    ['family:etl-*', 'family:report', false],
    ['*', 'team/etl', true],
    ['*', '.hidden', true],
    // `?`: exactly one character.
    ['ap?', 'app', true],
    ['ap?', 'ap', false],
    ['ap?', 'appp', false],
    ['svc-??', 'svc-01', true],
    // Classes.
    ['svc-[0-9]', 'svc-7', true],
    ['svc-[0-9]', 'svc-x', false],
    ['[ab]pp', 'bpp', true],
    ['[ab]pp', 'cpp', false],
    ['svc-[!0-9]', 'svc-x', true],
    ['svc-[!0-9]', 'svc-7', false],
    ['svc-[^0-9]', 'svc-x', true],
    ['svc-[^0-9]', 'svc-7', false],
    ['[a-]x', '-x', true],
    ['[-a]x', '-x', true],
    ['[]a]x', ']x', true],
    ['[!]a]x', 'bx', true],
    ['[!]a]x', ']x', false],
    ['[\\]]x', ']x', true],
    ['[a\\-c]', '-', true],
    ['[a\\-c]', 'b', false],
    ['[_A-Z]*', 'Prod', true],
    ['[_A-Z]*', 'prod', false],
    // Braces: one of the alternatives, which may hold globs and nest.
    ['{web,api}-*', 'api-1', true],
    ['{web,api}-*', 'web-1', true],
    ['{web,api}-*', 'db-1', false],
    ['{a,{b,c}}', 'c', true],
    ['{a,{b,c}}', 'd', false],
    ['{a,}x', 'x', true],
    ['{a,}x', 'ax', true],
    ['{prod,stag*}', 'staging', true],
    ['{prod,stag*}', 'production', false],
    // Escapes and characters that regular expressions would read as syntax.
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['a+b', 'aab', false],
    ['a$b^', 'a$b^', true],
    ['a,b', 'a,b', true],
    ['a!b', 'a!b', true],
  ])('matches %j against %j: %s', (pattern, name, expected) => {
    // Act
    const matched = matchesGlob(name, pattern);

    // Assess
    expect(matched).toBe(expected);
  });

  it('matches a name with a line break like any other character', () => {
    // Act / Assess
    expect(matchesGlob('a\nb', 'a*b')).toBe(true);
    expect(matchesGlob('a\nb', 'a?b')).toBe(true);
  });
});

describe('describeGlobProblem', () => {
  it.each([
    ['*'],
    ['web-*'],
    ['{web,api}-[0-9]?'],
    ['a\\(b\\)'],
    ['[(|)]'],
    ['x!'],
  ])('accepts %j', (pattern) => {
    // Act / Assess
    expect(describeGlobProblem(pattern)).toBeUndefined();
  });

  it.each([
    ['!legacy-*', 'a leading ! (negation) is not supported'],
    ['@(web|api)', 'extglobs such as @(a|b) are not supported; use {a,b}'],
    ['*(x)', 'extglobs such as @(a|b) are not supported; use {a,b}'],
    ['web|api', 'extglobs such as @(a|b) are not supported; use {a,b}'],
    [
      'svc-{1..3}',
      'a {…} group needs two or more alternatives, e.g. {web,api} ({1..3} ranges are not supported)',
    ],
    [
      '{web}',
      'a {…} group needs two or more alternatives, e.g. {web,api} ({1..3} ranges are not supported)',
    ],
    ['[[:alpha:]]*', 'POSIX classes such as [[:alpha:]] are not supported; use [a-z]'],
    ['web-[0-9', 'unclosed ['],
    ['web-{a,b', 'unclosed {'],
    ['web-}', 'unmatched }'],
    ['web-]', 'unmatched ]'],
    ['web-\\', 'a trailing \\ escapes nothing'],
    ['[z-a]', 'invalid character class (a range must go from low to high, e.g. [a-z])'],
  ])('refuses %j: %s', (pattern, problem) => {
    // Act / Assess
    expect(describeGlobProblem(pattern)).toBe(problem);
  });
});

describe('compileGlob', () => {
  it('refuses an invalid glob loudly instead of matching nothing', () => {
    // Act / Assess
    expect(() => compileGlob('!keep-*')).toThrow(
      'invalid glob "!keep-*": a leading ! (negation) is not supported',
    );
  });
});

describe('compileGlobs', () => {
  it('matches a name any glob of the list matches', () => {
    // Prepare
    const matches = compileGlobs(['web-*', 'api']);

    // Act / Assess
    expect(['web-1', 'api', 'api-2', 'db'].map(matches)).toEqual([true, true, false, false]);
  });

  it('matches nothing with an empty list', () => {
    // Act / Assess
    expect(compileGlobs([])('anything')).toBe(false);
  });
});
