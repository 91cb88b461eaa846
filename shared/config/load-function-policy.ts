import { InvalidConfigError } from '../runtime/errors.ts';
import { documentKeysShape } from './document-keys.ts';
import { formatIssues } from './format-issues.ts';
import {
  type FunctionPolicy,
  type FunctionPolicySource,
  type PolicySection,
  policySections,
} from './function-policy.ts';
import { readPolicyDocument } from './read-policy-document.ts';
import * as z from './zod.ts';

/**
 * Reads a `POLICY_FILE` override (JSON or YAML) and validates what the function reads of it; with
 * no file, the defaults (unbundled code: tests, the CLI). The override path of a function's
 * policy: loaded by a dynamic import, so a bundle that uses its compiled-in policy never loads
 * this module, the document keys' schema or the YAML parser.
 * @throws InvalidConfigError when the file cannot be read or parsed, or names every invalid key.
 */
export async function loadFunctionPolicy<S extends PolicySection>(
  source: FunctionPolicySource<S>,
  file: string | undefined,
): Promise<FunctionPolicy<S>> {
  const document = file === undefined ? {} : await readPolicyDocument(file);
  return parseFunctionPolicy(document, source, file ?? 'policy defaults');
}

/**
 * Validates the document-wide keys and the function's own section. Unknown top-level keys are
 * refused; the other functions' sections are left to them (and to the build and `ecs-autopilot
 * validate`, which check the whole document).
 * @throws InvalidConfigError listing every invalid key with its path, expectation and value.
 */
export function parseFunctionPolicy<S extends PolicySection>(
  document: unknown,
  source: FunctionPolicySource<S>,
  origin: string,
): FunctionPolicy<S> {
  const sections = Object.fromEntries(policySections.map((key) => [key, z.optional(z.unknown())]));
  const top = z
    .strictObject({ ...documentKeysShape, ...sections })
    .safeParse(document ?? {}, { reportInput: true });
  // Read from the document itself, so a broken top level does not hide the sections' problems.
  const entries = Object.entries(source.schemas) as [S, z.ZodMiniType<unknown>][];
  const parsed = entries.map(([section, schema]) => {
    const raw =
      typeof document === 'object' && document !== null
        ? Reflect.get(document, section)
        : undefined;
    return { section, result: schema.safeParse(raw ?? {}, { reportInput: true }) };
  });
  const problems = [
    ...formatIssues(top.error?.issues ?? []),
    ...parsed.flatMap(({ section, result }) => formatIssues(result.error?.issues ?? [], section)),
  ];
  if (!top.success || problems.length > 0) {
    const cause = top.error ?? parsed.find(({ result }) => !result.success)?.result.error;
    throw new InvalidConfigError(problems, { cause, source: origin });
  }
  // Computed keys lose their literal types; the object is exactly FunctionPolicy<S>.
  return {
    version: top.data.version,
    pacing: top.data.pacing,
    ...Object.fromEntries(parsed.map(({ section, result }) => [section, result.data])),
  } as FunctionPolicy<S>;
}
