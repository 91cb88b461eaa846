/**
 * The cold-start floor of a function: a bundle of only the AWS SDK that the function's own bundle
 * runs at cold start (every client, command and paginator its esbuild metafile shows in the
 * code it loads eagerly), each sent once by a handler, built in the same run with the same esbuild
 * options as scripts/build.ts. Whatever a function loads beyond its floor is the project's own
 * cost: Powertools, middy, zod and our code.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { splitOutputs } from '../scripts/build/split-outputs.ts';
import { functionBundleOptions } from '../scripts/build.ts';
import { root } from './support/child-process.ts';

/** What a function bundle uses of one SDK client package. */
export type SdkClientUse = {
  pkg: string;
  /** The client class (`ECSClient`). */
  client: string;
  /** Command classes (`RunTaskCommand`), sorted. */
  commands: string[];
  /** Paginator functions (`paginateListTasks`), sorted. */
  paginators: string[];
};

/** A floor as built. */
export type FloorBundle = {
  name: string;
  /** Its entry file. */
  bundlePath: string;
  /** Bytes its cold start reads: the entry and the chunks it imports statically. */
  bytes: number;
  clients: SdkClientUse[];
};

const sdkFile =
  /node_modules\/(@aws-sdk\/client-[^/]+)\/dist-es\/(?:(\w+Client)|commands\/(\w+Command)|pagination\/(\w+)Paginator)\.js$/;

/**
 * The SDK clients, commands and paginators whose code a built function loads at cold start, from
 * its metafile (`dist/<name>/meta.json`): only modules that left code in the entry or its static
 * chunks, so what esbuild tree-shook away does not count.
 */
export function listSdkUse(metafile: Metafile, entry = 'index.mjs'): SdkClientUse[] {
  const { eager } = splitOutputs(metafile, entry);
  const byPackage = new Map<string, SdkClientUse>();
  for (const { path } of eager) {
    for (const [input, used] of Object.entries(metafile.outputs[path]?.inputs ?? {})) {
      const match = sdkFile.exec(input);
      if (match?.[1] === undefined || used.bytesInOutput === 0) continue;
      const use = byPackage.get(match[1]) ?? {
        pkg: match[1],
        client: '',
        commands: [],
        paginators: [],
      };
      if (match[2] !== undefined) use.client = match[2];
      if (match[3] !== undefined) use.commands.push(match[3]);
      if (match[4] !== undefined) use.paginators.push(`paginate${match[4]}`);
      byPackage.set(match[1], use);
    }
  }
  return [...byPackage.values()]
    .filter((use) => use.client !== '')
    .map((use) => ({ ...use, commands: use.commands.sort(), paginators: use.paginators.sort() }))
    .sort((a, b) => a.pkg.localeCompare(b.pkg));
}

/** The floor's source: every client, command and paginator imported, and each used once. */
export function floorSource(clients: readonly SdkClientUse[]): string {
  const lines = clients.map(
    (use) =>
      `import { ${[use.client, ...use.commands, ...use.paginators].join(', ')} } from '${use.pkg}';`,
  );
  lines.push('export const handler = async () => {');
  clients.forEach((use, i) => {
    lines.push(`  const c${i} = new ${use.client}({});`);
    for (const command of use.commands) lines.push(`  await c${i}.send(new ${command}({}));`);
    for (const paginate of use.paginators) {
      lines.push(`  for await (const page of ${paginate}({ client: c${i} }, {})) break;`);
    }
  });
  lines.push('};');
  return lines.join('\n');
}

/** Builds the floor of one function into a temporary directory. */
export async function buildFloorBundle(name: string): Promise<FloorBundle> {
  const metafile = JSON.parse(
    await readFile(join(root, 'dist', name, 'meta.json'), 'utf8'),
  ) as Metafile;
  const clients = listSdkUse(metafile);
  const outdir = join(tmpdir(), 'ecs-autopilot-bench', `floor-${name}`);
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    ...functionBundleOptions,
    stdin: {
      contents: floorSource(clients),
      resolveDir: root,
      sourcefile: 'index.js',
      loader: 'js',
    },
    outdir,
    entryNames: 'index',
    metafile: true,
    write: true,
    logLevel: 'silent',
  });
  await writeFile(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  const bytes = splitOutputs(result.metafile, 'index.mjs').eager.reduce(
    (sum, output) => sum + output.bytes,
    0,
  );
  return { name, bundlePath: join(outdir, 'index.mjs'), bytes, clients };
}
