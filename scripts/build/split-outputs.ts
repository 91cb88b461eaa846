import type { Metafile } from 'esbuild';

/** One output file of a function's build. */
export type BundleOutput = { path: string; bytes: number };

/**
 * Sorts a split build's outputs from its entry: `eager` is the entry and every chunk it imports
 * statically (what a cold start reads and evaluates), `lazy` every chunk reached only through a
 * dynamic `import()`. Chunks that nothing imports (esbuild emits one for a dynamic import in code
 * it tree-shook away) are in neither.
 *
 * @param entry the entry output's file name (`index.mjs`).
 */
export function splitOutputs(
  metafile: Metafile,
  entry: string,
): { eager: BundleOutput[]; lazy: BundleOutput[] } {
  const paths = Object.keys(metafile.outputs).filter((path) => path.endsWith('.mjs'));
  const start = paths.find((path) => path === entry || path.endsWith(`/${entry}`));
  const eager = reach(metafile, start, ['import-statement']);
  const all = reach(metafile, start, ['import-statement', 'dynamic-import']);
  const of = (path: string) => ({ path, bytes: metafile.outputs[path]?.bytes ?? 0 });
  return {
    eager: paths.filter((path) => eager.has(path)).map(of),
    lazy: paths.filter((path) => all.has(path) && !eager.has(path)).map(of),
  };
}

function reach(metafile: Metafile, start: string | undefined, kinds: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || metafile.outputs[path] === undefined) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (kinds.includes(imported.kind) && !imported.external) visit(imported.path);
    }
  };
  if (start !== undefined) visit(start);
  return seen;
}
