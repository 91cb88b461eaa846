import type * as z from './zod.ts';

/** Renders a value for an error message without letting a huge input flood the log. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * One line per problem: its path, what was expected and what was given, for example
 * `scale.services[0].max: expected number, got "ten"`.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root?: string): string[] {
  return issues.map((issue) => {
    const segments = issue.path.map((segment) =>
      typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`,
    );
    const path = `${root ?? ''}${segments.join('')}`.replace(/^\./, '') || '(document)';
    const given = 'input' in issue ? `, got ${describeValue(issue.input)}` : '';
    if (issue.code === 'unrecognized_keys') {
      return `${path}: unknown key(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    }
    return `${path}: ${issue.message}${given}`;
  });
}
