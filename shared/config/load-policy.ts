import { readFile } from 'node:fs/promises';
import { InvalidConfigError } from '../runtime/errors.ts';
import { formatIssues } from './format-issues.ts';
import { type PolicyConfig, policySchema } from './policy-schema.ts';

/**
 * Validates a policy document (already parsed from YAML or JSON).
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
 * Reads and validates a policy file.
 * @throws InvalidConfigError when the file cannot be read, parsed or validated.
 */
export async function loadPolicyFile(path: string): Promise<PolicyConfig> {
  return parsePolicy(await readPolicyDocument(path), path);
}

/**
 * Reads a policy file into a plain document, not yet validated. JSON is parsed natively; YAML
 * loads the `yaml` package on demand, because Lambda bundles carry the policy compiled to JSON at
 * build time and never need it.
 * @throws InvalidConfigError when the file cannot be read or parsed.
 */
export async function readPolicyDocument(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidConfigError([`cannot read ${path}: ${(error as Error).message}`], {
      cause: error,
    });
  }
  let document: unknown;
  try {
    // A leading byte-order mark is legal in files saved by some editors.
    const source = text.replace(/^\uFEFF/, '');
    if (path.endsWith('.json')) {
      document = JSON.parse(source);
    } else {
      const { parse } = await import('yaml');
      document = parse(source);
    }
  } catch (error) {
    throw new InvalidConfigError([`cannot parse ${path}: ${(error as Error).message}`], {
      cause: error,
    });
  }
  return parsePolicy(document, path);
}
