import { AwsCallError } from '../../runtime/errors.ts';

/** Longest error message a gap line carries; AWS messages are short, stack-like texts are not. */
const maxMessageLength = 240;

/**
 * Formats one inventory gap for the report: what could not be read, the AWS operation, and the
 * error's name, code and message (`clusters: ListClusters Error ECONNREFUSED: connect
 * ECONNREFUSED 127.0.0.1:4566`), so a gap says why without the logs. A connection error with
 * several addresses (Node's AggregateError) has an empty message: its inner errors' messages are
 * used instead.
 *
 * @returns the gap line, on one line, its message at most 240 characters.
 */
export function describeGap(what: string, error: unknown): string {
  if (error instanceof AwsCallError)
    return `${what}: ${error.operation} ${describeCause(error.cause)}`;
  return `${what}: ${describeCause(error)}`;
}

/**
 * Extracts the resource name from an ECS ARN (`…:cluster/prod` to `prod`), for readable gaps.
 *
 * @returns the last path segment, or the text itself when it has none.
 */
export function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1) || arn;
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return `UnknownError: ${String(error)}`.slice(0, maxMessageLength);
  const code = (error as { code?: unknown }).code;
  const name =
    typeof code === 'string' && code !== error.name ? `${error.name} ${code}` : error.name;
  const inner = error instanceof AggregateError ? error.errors : [];
  const message =
    error.message ||
    inner.map((item: unknown) => (item instanceof Error ? item.message : String(item))).join('; ');
  const oneLine = message.replace(/\s+/g, ' ').trim();
  const short =
    oneLine.length > maxMessageLength ? `${oneLine.slice(0, maxMessageLength - 1)}…` : oneLine;
  return short === '' ? name : `${name}: ${short}`;
}
