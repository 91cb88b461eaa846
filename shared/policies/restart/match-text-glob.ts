/**
 * Matches free text (stop reasons) against a glob where `*` is any run of characters and `?` one
 * character, anchored at both ends, case-sensitive. picomatch is not used here because it treats
 * `/` as a path separator and `()`/`[]`/`!` as syntax, and stop reasons are full of both
 * (`CannotPullContainerError: ... docker.io/library/app:1.0: not found`).
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
