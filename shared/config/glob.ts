/**
 * Name globs of the policy document (`restart.select`, `restart.network`, `prune.families`,
 * `prune.familyOverrides`, `scale.services[].match`). A glob matches the WHOLE name,
 * case-sensitively:
 *
 * - `*` any run of characters, none included (`web-*` matches `web-` and `web-api`);
 * - `?` exactly one character;
 * - `[abc]`, `[a-z]` one character of the class; `[!a-z]` or `[^a-z]` one character outside it
 *   (a `]` right after the opening `[` or `[!` is a member, `-` first or last is a member);
 * - `{a,b}` one of the comma-separated alternatives, which may hold globs and nest (`{web,api}-*`);
 * - `\x` the character `x` itself.
 *
 * ECS cluster, service and family names are letters, digits, `-` and `_` only, so unlike path
 * globs nothing here treats `/` or a leading `.` specially (a custom task group may hold either).
 * Syntax that other glob dialects give a meaning to but this one does not (extglobs `@(a|b)`, a
 * leading `!`, `{1..3}` ranges, `[[:alpha:]]` classes) is refused by {@link describeGlobProblem}
 * rather than taken literally: an `exclude` glob that silently matched nothing would prune what
 * the operator meant to keep.
 */

type Translation = { source: string } | { problem: string };

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;
const CLASS_SYNTAX = /[\\\]^[]/g;

/** A compiled glob: true when the whole name matches. */
export type GlobMatcher = (name: string) => boolean;

/**
 * Explains why a glob cannot be used, for the policy schema.
 *
 * @returns a one-line problem (`a leading ! (negation) is not supported`), or undefined when the
 *   glob is valid.
 */
export function describeGlobProblem(pattern: string): string | undefined {
  const translation = translateGlob(pattern);
  return 'problem' in translation ? translation.problem : undefined;
}

/**
 * Reports an invalid glob to a zod `superRefine` check, so every glob key of the schema names
 * its problem (`prune.families.exclude[0]: a leading ! (negation) is not supported`).
 */
export function reportGlobProblem(
  pattern: string,
  ctx: { addIssue(issue: { code: 'custom'; message: string }): void },
): void {
  const problem = describeGlobProblem(pattern);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
}

/**
 * Compiles a glob once, to match many names.
 *
 * @returns the matcher of the whole name.
 * @throws Error naming the problem when the glob is invalid: the policy schema refuses such globs,
 *   so reaching this means a configuration that bypassed validation.
 */
export function compileGlob(pattern: string): GlobMatcher {
  const translation = translateGlob(pattern);
  if ('problem' in translation) {
    throw new Error(`invalid glob ${JSON.stringify(pattern)}: ${translation.problem}`);
  }
  const regex = new RegExp(`^(?:${translation.source})$`, 'su');
  return (name) => regex.test(name);
}

/**
 * Compiles a list of globs into one matcher.
 *
 * @returns true for a name any glob matches; an empty list matches nothing.
 * @throws Error when a glob is invalid (see {@link compileGlob}).
 */
export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  const matchers = patterns.map(compileGlob);
  return (name) => matchers.some((matches) => matches(name));
}

// Patterns come from the policy document only, so this cache is bounded by its size.
const compiled = new Map<string, GlobMatcher>();

/**
 * Matches one name against one glob, compiling each distinct glob once.
 *
 * @returns true when the whole name matches.
 * @throws Error when the glob is invalid (see {@link compileGlob}).
 */
export function matchesGlob(name: string, pattern: string): boolean {
  let matcher = compiled.get(pattern);
  if (matcher === undefined) {
    matcher = compileGlob(pattern);
    compiled.set(pattern, matcher);
  }
  return matcher(name);
}

/** Turns a glob into a regular expression source, or names the first problem. */
function translateGlob(pattern: string): Translation {
  let source = '';
  // One entry per open `{`: how many commas it has seen so far.
  const groups: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\') {
      if (i + 1 === pattern.length) return { problem: 'a trailing \\ escapes nothing' };
      i++;
      source += pattern.charAt(i).replace(REGEX_SYNTAX, '\\$&');
    } else if (ch === '*') {
      source += '.*';
    } else if (ch === '?') {
      source += '.';
    } else if (ch === '[') {
      const end = findClassEnd(pattern, i);
      if (typeof end === 'object') return end;
      source += translateClass(pattern.slice(i + 1, end));
      i = end;
    } else if (ch === '{') {
      groups.push(0);
      source += '(?:';
    } else if (ch === ',' && groups.length > 0) {
      groups.push((groups.pop() ?? 0) + 1);
      source += '|';
    } else if (ch === '}') {
      const commas = groups.pop();
      if (commas === undefined) return { problem: 'unmatched }' };
      if (commas === 0) {
        return {
          problem:
            'a {…} group needs two or more alternatives, e.g. {web,api} ({1..3} ranges are not supported)',
        };
      }
      source += ')';
    } else if (ch === '(' || ch === ')' || ch === '|') {
      return { problem: 'extglobs such as @(a|b) are not supported; use {a,b}' };
    } else if (ch === '!' && i === 0) {
      return { problem: 'a leading ! (negation) is not supported' };
    } else if (ch === ']') {
      return { problem: 'unmatched ]' };
    } else {
      source += ch.replace(REGEX_SYNTAX, '\\$&');
    }
  }
  if (groups.length > 0) return { problem: 'unclosed {' };
  try {
    new RegExp(source, 'su');
  } catch {
    return { problem: 'invalid character class (a range must go from low to high, e.g. [a-z])' };
  }
  return { source };
}

/** Index of the `]` that closes the class opened at `start`, or the problem. */
function findClassEnd(pattern: string, start: number): number | { problem: string } {
  let i = start + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  // A `]` first in the class is a member, not its end.
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === ']') return i;
    if (ch === '\\') i++;
    else if (ch === '[' && pattern[i + 1] === ':') {
      return { problem: 'POSIX classes such as [[:alpha:]] are not supported; use [a-z]' };
    }
  }
  return { problem: 'unclosed [' };
}

/** The regular expression class for a glob class body (between the brackets). */
function translateClass(body: string): string {
  const negated = body.startsWith('!') || body.startsWith('^');
  let members = '';
  for (let i = negated ? 1 : 0; i < body.length; i++) {
    const ch = body.charAt(i);
    if (ch === '\\' && i + 1 < body.length) {
      i++;
      members += body.charAt(i).replace(CLASS_SYNTAX, '\\$&').replace('-', '\\-');
    } else {
      members += ch.replace(CLASS_SYNTAX, '\\$&');
    }
  }
  return `[${negated ? '^' : ''}${members}]`;
}
