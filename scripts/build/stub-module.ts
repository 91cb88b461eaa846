import { build } from 'esbuild';

const exportsByFile = new Map<string, Promise<string[]>>();

/** Every name the module at `file` exports, as esbuild sees it (re-exports and `export *` too). */
async function listExports(file: string): Promise<string[]> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    metafile: true,
    logLevel: 'silent',
    outdir: 'unused',
  });
  return Object.values(result.metafile.outputs).flatMap((output) => output.exports);
}

/**
 * The source of a module that stands in for the module at `file` in a Lambda bundle: it has the
 * same exports, so importers still bind, but each one is a function that throws when called (or
 * constructed), naming `feature`. The names in `keep` are re-exported from the original instead.
 * Listing the original's exports at build time keeps the stub right across dependency updates.
 *
 * @throws Error when a name in `keep` is not exported by the original, so a rename upstream fails
 * the build instead of producing a bundle that breaks at run time.
 */
export async function stubModuleSource(
  file: string,
  keep: readonly string[],
  feature: string,
): Promise<string> {
  let names = exportsByFile.get(file);
  if (!names) {
    names = listExports(file);
    exportsByFile.set(file, names);
  }
  const exported = await names;
  const missing = keep.filter((name) => !exported.includes(name));
  if (missing.length > 0) throw new Error(`${file} no longer exports ${missing.join(', ')}`);
  const stubbed = exported.filter((name) => !keep.includes(name));
  const lines = [
    'function notBundled() {',
    `  throw new Error(${JSON.stringify(`${feature} is not bundled into ecs-autopilot's Lambda functions (scripts/build/lambda-aliases.ts)`)});`,
    '}',
  ];
  if (keep.length > 0) lines.push(`export { ${keep.join(', ')} } from ${JSON.stringify(file)};`);
  for (const name of stubbed) {
    lines.push(
      name === 'default' ? 'export default notBundled;' : `export const ${name} = notBundled;`,
    );
  }
  return lines.join('\n');
}
