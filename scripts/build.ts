/**
 * Builds one minified ESM bundle per Lambda function into `dist/<function>/index.mjs`.
 * The same files are zipped by `serverless package`, run by `npm start` and by the scenario tests,
 * so what is tested is what deploys.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions as EsbuildOptions } from 'esbuild';
import { parsePolicy, readPolicyDocument } from '../shared/config/load-policy.ts';
import { lambdaAliases } from './build/lambda-aliases.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export type BuildOptions = {
  quiet?: boolean;
  /** The policy document compiled into the bundles; `AUTOPILOT_POLICY` or `policy.yml`. */
  policyFile?: string;
};
export type BuiltFunction = { name: string; bundlePath: string; bytes: number };

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
  // Validate at build time too: a broken policy never reaches a deployment package.
  const policy = await readPolicyDocument(policyFile);
  parsePolicy(policy, policyFile);
  const names = await listFunctionEntries();
  return Promise.all(names.map((name) => buildFunction(name, policy, options)));
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
  policy: unknown,
  options: BuildOptions,
): Promise<BuiltFunction> {
  const outdir = join(root, 'dist', name);
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: [join(root, 'functions', `${name}.ts`)],
    outfile: join(outdir, 'index.mjs'),
    ...lambdaBundleOptions,
    metafile: true,
    define: { AUTOPILOT_BUNDLED_POLICY: JSON.stringify(policy) },
    // Only a local POLICY_FILE override in YAML loads it; deployed bundles use the compiled policy.
    external: ['yaml'],
    logLevel: options.quiet ? 'silent' : 'warning',
  });
  await writeFile(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  await writeFile(join(outdir, 'index.cjs'), invokeLocalShim);
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.mjs'));
  const bytes = output?.[1].bytes ?? 0;
  if (!options.quiet) console.log(`built ${name}: ${(bytes / 1024).toFixed(1)} KiB`);
  return { name, bundlePath: join(outdir, 'index.mjs'), bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildFunctions();
}
