/**
 * Matches free text (stop reasons) against a glob where `*` is any run of characters and `?` one
 * character, anchored at both ends, case-sensitive. The name globs of `config/glob.ts` are not
 * used here because they read `[]`, `{}` and `\` as syntax and refuse `()` and `|`, and stop
 * reasons are full of them (`CannotPullContainerError: ... docker.io/library/app:1.0: not found`).
 *
 * Returns true when the whole text matches.
 */
export function matchesTextGlob(pattern: string, text: string): boolean {
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(text);
}
