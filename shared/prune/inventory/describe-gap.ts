import { AwsCallError } from '../../runtime/errors.ts';

/**
 * Formats one inventory gap for the report: what could not be read and the AWS error name
 * (`cluster prod: ListTasks AccessDeniedException`), never the full message, which may be long.
 *
 * @returns the gap line.
 */
export function describeGap(what: string, error: unknown): string {
  if (error instanceof AwsCallError) return `${what}: ${error.operation} ${error.awsErrorName}`;
  return `${what}: ${error instanceof Error ? error.name : 'UnknownError'}`;
}

/**
 * Extracts the resource name from an ECS ARN (`…:cluster/prod` to `prod`), for readable gaps.
 *
 * @returns the last path segment, or the text itself when it has none.
 */
export function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1) || arn;
}
