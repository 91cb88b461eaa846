import { InvalidConfigError } from '../runtime/errors.ts';
import { formatIssues } from './format-issues.ts';
import { type PolicyConfig, policySchema } from './policy-schema.ts';
import { readPolicyDocument } from './read-policy-document.ts';

/**
 * Validates a whole policy document (already parsed from YAML or JSON), as the build and the CLI
 * do; a function validates only its own section (`load-function-policy.ts`).
 * @throws InvalidConfigError listing every invalid key with its path, expectation and value.
 */
export function parsePolicy(document: unknown, source?: string): PolicyConfig {
  const result = policySchema.safeParse(document ?? {}, { reportInput: true });
  if (!result.success) {
    throw new InvalidConfigError(formatIssues(result.error.issues), {
      cause: result.error,
      source,
    });
  }
  return result.data;
}

/**
 * Reads and validates a whole policy file.
 * @throws InvalidConfigError when the file cannot be read, parsed or validated.
 */
export async function loadPolicyFile(path: string): Promise<PolicyConfig> {
  return parsePolicy(await readPolicyDocument(path), path);
}
