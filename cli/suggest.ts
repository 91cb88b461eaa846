import { closest, distance } from 'fastest-levenshtein';

/**
 * The known word nearest to a mistyped one, when it is near enough to be what was meant: at most
 * two letters, or a third of them, changed (`--polcy` → `--policy`, `plna` → `plan`), so an unrelated word
 * gets no misleading suggestion.
 *
 * @returns the suggestion, or undefined when nothing is close.
 */
export function suggestNearest(word: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const nearest = closest(word, known);
  return distance(word, nearest) <= Math.max(2, Math.ceil(word.length / 3)) ? nearest : undefined;
}

/** ` (did you mean X?)`, or nothing. */
export function didYouMean(word: string, known: readonly string[]): string {
  const nearest = suggestNearest(word, known);
  return nearest === undefined ? '' : ` (did you mean ${nearest}?)`;
}
