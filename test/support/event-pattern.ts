/**
 * A small EventBridge event-pattern matcher for the template meta-tests, so the deployed rules'
 * patterns can be checked against the fixtures in events/ without an AWS call
 * (the service's own `TestEventPattern`). No maintained npm package offers this offline.
 *
 * Supports what EventBridge documents for content filtering: exact values (strings, numbers,
 * booleans, null), `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but` (a value,
 * a list, or a `prefix`/`suffix`), `exists` and `numeric`. Arrays in the event match when any
 * element matches. Anything else throws, so an unsupported pattern is never silently "matched".
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Pattern = { [key: string]: Json };

/** Whether `event` matches `pattern`, with EventBridge's semantics. */
export function matchesEventPattern(pattern: Pattern, event: unknown): boolean {
  if (!isObject(event)) return false;
  return Object.entries(pattern).every(([key, expected]) =>
    matchField(expected, event[key], key in event),
  );
}

function matchField(expected: Json, actual: unknown, present: boolean): boolean {
  if (Array.isArray(expected)) {
    return expected.some((matcher) => matchValue(matcher, actual, present));
  }
  if (isObject(expected)) {
    // A nested pattern applied to an array of objects matches when any element matches.
    const candidates = Array.isArray(actual) ? actual : [actual];
    return candidates.some((candidate) => matchesEventPattern(expected, candidate));
  }
  throw new Error(`pattern leaves must be arrays, got ${JSON.stringify(expected)}`);
}

function matchValue(matcher: Json, actual: unknown, present: boolean): boolean {
  if (isObject(matcher)) {
    if ('exists' in matcher) return matcher.exists === present;
    if (!present) return false;
    const values = Array.isArray(actual) ? actual : [actual];
    return values.some((value) => matchOperator(matcher, value));
  }
  if (!present) return false;
  const values = Array.isArray(actual) ? actual : [actual];
  return values.some((value) => value === matcher);
}

function matchOperator(matcher: { [key: string]: Json }, value: unknown): boolean {
  const [operator, operand] = Object.entries(matcher)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && typeof operand === 'string' && value.startsWith(operand);
    case 'suffix':
      return typeof value === 'string' && typeof operand === 'string' && value.endsWith(operand);
    case 'equals-ignore-case':
      return (
        typeof value === 'string' &&
        typeof operand === 'string' &&
        value.toLowerCase() === operand.toLowerCase()
      );
    case 'wildcard':
      return (
        typeof value === 'string' && typeof operand === 'string' && wildcard(operand).test(value)
      );
    case 'anything-but':
      return !matchesAny(operand ?? null, value);
    case 'numeric':
      return typeof value === 'number' && Array.isArray(operand) && numeric(operand, value);
    default:
      throw new Error(`unsupported pattern operator ${JSON.stringify(matcher)}`);
  }
}

/** `anything-but` takes a value, a list of values, or one string operator. */
function matchesAny(operand: Json, value: unknown): boolean {
  if (Array.isArray(operand)) return operand.some((item) => item === value);
  if (isObject(operand)) return matchOperator(operand, value);
  return operand === value;
}

function numeric(conditions: Json[], value: number): boolean {
  const compare: Record<string, (a: number, b: number) => boolean> = {
    '=': (a, b) => a === b,
    '<': (a, b) => a < b,
    '<=': (a, b) => a <= b,
    '>': (a, b) => a > b,
    '>=': (a, b) => a >= b,
  };
  for (let i = 0; i < conditions.length; i += 2) {
    const test = compare[String(conditions[i])];
    const bound = conditions[i + 1];
    if (test === undefined || typeof bound !== 'number') {
      throw new Error(`unsupported numeric condition ${JSON.stringify(conditions)}`);
    }
    if (!test(value, bound)) return false;
  }
  return true;
}

function wildcard(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's');
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
