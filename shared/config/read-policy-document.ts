import { readFile } from 'node:fs/promises';
import { InvalidConfigError } from '../runtime/errors.ts';

/**
 * Reads a policy file into a plain document, not yet validated. JSON is parsed natively; YAML
 * loads the `yaml` package on demand (a chunk of its own in a Lambda bundle), because deployed
 * functions carry their policy compiled in at build time and never need it.
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
  try {
    // A leading byte-order mark is legal in files saved by some editors.
    const source = text.replace(/^\uFEFF/, '');
    if (path.endsWith('.json')) return JSON.parse(source);
    return (await loadYamlParser())(source);
  } catch (error) {
    throw new InvalidConfigError([`cannot parse ${path}: ${(error as Error).message}`], {
      cause: error,
    });
  }
}

type YamlParse = (source: string) => unknown;

/**
 * The `yaml` package's `parse`. The package is CommonJS: Node's own loader gives it named exports,
 * while a Lambda bundle's chunk of it has only `default` (its `module.exports`).
 */
async function loadYamlParser(): Promise<YamlParse> {
  const yaml: { parse?: YamlParse; default?: { parse: YamlParse } } = await import('yaml');
  const parse = yaml.parse ?? yaml.default?.parse;
  if (parse === undefined) throw new Error('the yaml package has no parse function');
  return parse;
}
