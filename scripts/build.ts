/**
 * Builds one minified ESM bundle per Lambda function into `dist/<function>/`: `index.mjs`, what
 * it imports statically, and the chunks it loads only on demand (the `POLICY_FILE` override's
 * reader and schema, the YAML parser), which a deployed function never reads. The same files are
 * zipped by `serverless package`, run by `npm start` and by the scenario tests, so what is tested
 * is what deploys.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions as EsbuildOptions } from 'esbuild';
import { bundledPolicyIdentifier } from '../shared/config/bundled-policy.ts';
import { functionSections, policySections } from '../shared/config/function-policy.ts';
import { parsePolicy } from '../shared/config/load-policy.ts';
import type { PolicyConfig } from '../shared/config/policy-schema.ts';
import { readPolicyDocument } from '../shared/config/read-policy-document.ts';
import { lambdaAliases } from './build/lambda-aliases.ts';
import { splitOutputs } from './build/split-outputs.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export type BuildOptions = {
  quiet?: boolean;
  /** The policy document compiled into the bundles; `AUTOPILOT_POLICY` or `policy.yml`. */
  policyFile?: string;
  /** Where `<function>/index.mjs` go; `dist` (what is packaged and tested) by default. */
  outdir?: string;
};
export type BuiltFunction = {
  name: string;
  bundlePath: string;
  /** What a cold start reads: `index.mjs` and the chunks it imports statically. */
  bytes: number;
  /** Chunks loaded only on demand (a `POLICY_FILE` override). */
  lazyBytes: number;
};

/** Every `functions/<name>.ts` is a Lambda entry point. */
export async function listFunctionEntries(): Promise<string[]> {
  const files = await readdir(join(root, 'functions'));
  return files.filter((file) => file.endsWith('.ts')).map((file) => basename(file, '.ts'));
}

export async function buildFunctions(options: BuildOptions = {}): Promise<BuiltFunction[]> {
  const policyFile = resolve(
    root,
    options.policyFile ?? process.env.AUTOPILOT_POLICY ?? 'policy.yml',
  );
  // Validate at build time: a broken policy never reaches a deployment package, and the bundles
  // carry the result (defaults applied) as plain data, so no function validates it again.
  const policy = parsePolicy(await readPolicyDocument(policyFile), policyFile);
  const names = await listFunctionEntries();
  const define = bundledPolicyDefines(policy);
  return Promise.all(names.map((name) => buildFunction(name, define, options)));
}

/**
 * One esbuild `define` per function policy (shared/config/bundled-policy.ts): the document-wide
 * keys and the sections that function reads. Every bundle gets all three; each references only
 * its own.
 */
export function bundledPolicyDefines(policy: PolicyConfig): Record<string, string> {
  const { version, pacing } = policy;
  return Object.fromEntries(
    policySections.map((fn) => [
      bundledPolicyIdentifier(fn),
      JSON.stringify({
        version,
        pacing,
        ...Object.fromEntries(functionSections[fn].map((section) => [section, policy[section]])),
      }),
    ]),
  );
}

/**
 * The esbuild settings of every Lambda bundle, without entry point and output: exported so that a
 * benchmark's comparison bundle can be built exactly the same way.
 */
export const lambdaBundleOptions: EsbuildOptions = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  mainFields: ['module', 'main'],
  sourcemap: false,
  legalComments: 'none',
  plugins: [lambdaAliases],
  // Some CommonJS dependencies call require() for Node built-ins; ESM has no require, so
  // give the bundle one.
  banner: {
    js: "import { createRequire as __autopilotCreateRequire } from 'node:module'; const require = __autopilotCreateRequire(import.meta.url);",
  },
};

/**
 * The settings of a function's build: {@link lambdaBundleOptions} split into an entry
 * (`index.mjs`), the chunks it imports statically, and the chunks loaded only by a dynamic
 * `import()`. What only a `POLICY_FILE` override needs (its reader and schema, the YAML parser)
 * is such a chunk, so a deployed function neither reads nor evaluates it.
 */
export const functionBundleOptions: EsbuildOptions = {
  ...lambdaBundleOptions,
  splitting: true,
  entryNames: 'index',
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
};

/**
 * `serverless invoke local` loads a handler with require() and tries `.js` and `.cjs` only, never
 * `.mjs` (serverless/serverless#11308, still so in osls), while Lambda loads our `index.mjs`. This
 * CommonJS file beside it hands the invocation to the real bundle; `package.patterns` keeps it out
 * of the zip.
 */
const invokeLocalShim = `// For \`serverless invoke local\` only (not deployed): it cannot load index.mjs.
exports.handler = async (event, context) => (await import('./index.mjs')).handler(event, context);
`;

async function buildFunction(
  name: string,
  define: Record<string, string>,
  options: BuildOptions,
): Promise<BuiltFunction> {
  const outdir = join(options.outdir ?? join(root, 'dist'), name);
  // Chunk names carry a content hash: a stale chunk of an earlier build must not be packaged.
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: [join(root, 'functions', `${name}.ts`)],
    absWorkingDir: root,
    outdir,
    ...functionBundleOptions,
    metafile: true,
    write: false,
    define,
    logLevel: options.quiet ? 'silent' : 'warning',
  });
  const { eager, lazy } = splitOutputs(result.metafile, 'index.mjs');
  // esbuild also emits a chunk for a dynamic import() in code it tree-shook away (the SDK's
  // browser user-agent parser): nothing can load it, so it is not written or packaged.
  const reachable = new Set([...eager, ...lazy].map((output) => resolve(root, output.path)));
  await Promise.all(
    result.outputFiles
      .filter((file) => reachable.has(file.path))
      .map((file) => writeFile(file.path, file.contents)),
  );
  await writeFile(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  await writeFile(join(outdir, 'index.cjs'), invokeLocalShim);
  const bytes = eager.reduce((sum, output) => sum + output.bytes, 0);
  const lazyBytes = lazy.reduce((sum, output) => sum + output.bytes, 0);
  if (!options.quiet) {
    console.log(
      `built ${name}: ${(bytes / 1024).toFixed(1)} KiB at cold start, ${(lazyBytes / 1024).toFixed(1)} KiB on demand`,
    );
  }
  return { name, bundlePath: join(outdir, 'index.mjs'), bytes, lazyBytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildFunctions();
}
