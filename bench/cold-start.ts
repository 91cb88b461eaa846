/**
 * Figure 1, cold start: each function's bundle size (raw and gzip) and the time a fresh Node 22
 * process takes to import it, beside its floor (the same SDK clients alone, same esbuild options),
 * measured in the same run with bundle and floor imports interleaved so load on the machine
 * falls on both alike.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildFloorBundle, type FloorBundle } from './floor-bundle.ts';
import type { Figure, Section } from './report/figures.ts';
import { percentile, round } from './report/figures.ts';
import { nodePath, root } from './support/child-process.ts';

/** Bundle-size targets in KiB: the scaler carries the most policy code. */
const sizeTargetKib: Record<string, number> = { 'scale-services': 360 };
const defaultSizeTargetKib = 340;
const stretchKib = 250;
const importRatioTarget = 1.15;

// Runs in the child: the import alone, timed where it happens.
const importScript =
  'const t = performance.now(); await import(process.argv[1]); ' +
  'const ms = performance.now() - t; ' +
  'console.log(JSON.stringify({ ms, rssKb: process.resourceUsage().maxRSS }));';

const importEnvironment = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

/** One fresh process's import: its duration and the process's peak RSS (KiB) right after. */
export type ImportSample = { ms: number; rssKb: number };

/**
 * Imports a bundle in a fresh process and returns how long `await import()` took.
 * @throws Error when the process fails.
 */
export function timeImport(bundlePath: string): ImportSample {
  const url = pathToFileURL(bundlePath).href;
  const child = spawnSync(nodePath, ['--input-type=module', '-e', importScript, url], {
    env: importEnvironment,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`import of ${bundlePath} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ImportSample;
}

type Sizes = { raw: number; gzip: number };

async function sizesOf(path: string): Promise<Sizes> {
  const bytes = await readFile(path);
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
}

const kib = (bytes: number) => round(bytes / 1024, 1);

/** Median peak RSS (KiB) of a process that only imported the bundle, and its floor. */
export type ImportRss = { name: string; bundleKb: number; floorKb: number };

export type ColdStartOutcome = { section: Section; importRss: ImportRss[] };

/** Measures every function and its floor; `runs` fresh processes each. */
export async function measureColdStart(
  names: readonly string[],
  runs: number,
): Promise<ColdStartOutcome> {
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const importRss: ImportRss[] = [];
  for (const name of names) {
    const floor: FloorBundle = await buildFloorBundle(name);
    const bundlePath = join(root, 'dist', name, 'index.mjs');
    const [own, base] = [await sizesOf(bundlePath), await sizesOf(floor.bundlePath)];
    const ownSamples: ImportSample[] = [];
    const floorSamples: ImportSample[] = [];
    for (let run = 0; run < runs; run += 1) {
      // Alternate which goes first, so neither always meets a warmer page cache.
      const pair = run % 2 === 0 ? [bundlePath, floor.bundlePath] : [floor.bundlePath, bundlePath];
      for (const path of pair) {
        (path === bundlePath ? ownSamples : floorSamples).push(timeImport(path));
      }
    }
    const ownMs = ownSamples.map((sample) => sample.ms);
    const floorMs = floorSamples.map((sample) => sample.ms);
    importRss.push({
      name,
      bundleKb:
        percentile(
          ownSamples.map((sample) => sample.rssKb),
          50,
        ) ?? 0,
      floorKb:
        percentile(
          floorSamples.map((sample) => sample.rssKb),
          50,
        ) ?? 0,
    });
    const median = percentile(ownMs, 50) ?? Number.NaN;
    const floorMedian = percentile(floorMs, 50) ?? Number.NaN;
    const sizeTarget = sizeTargetKib[name] ?? defaultSizeTargetKib;
    figures.push(
      {
        name: `${name}: bundle`,
        value: kib(own.raw),
        unit: 'KiB',
        digits: 1,
        target: { op: '<=', value: sizeTarget },
        stretch: { op: '<=', value: stretchKib },
        note: `gzip ${kib(own.gzip)} KiB; floor ${kib(base.raw)} KiB raw, ${kib(base.gzip)} KiB gzip`,
      },
      { name: `${name}: bundle gzip`, value: kib(own.gzip), unit: 'KiB', digits: 1 },
      {
        name: `${name}: floor bundle`,
        value: kib(base.raw),
        unit: 'KiB',
        digits: 1,
        note: floor.clients
          .map((c) => `${c.pkg.replace('@aws-sdk/client-', '')} ${c.command}`)
          .join(' + '),
      },
      { name: `${name}: import median`, value: round(median, 1), unit: 'ms', digits: 1 },
      {
        name: `${name}: import p90`,
        value: round(percentile(ownMs, 90) ?? Number.NaN, 1),
        unit: 'ms',
        digits: 1,
      },
      { name: `${name}: floor import median`, value: round(floorMedian, 1), unit: 'ms', digits: 1 },
      {
        name: `${name}: floor import p90`,
        value: round(percentile(floorMs, 90) ?? Number.NaN, 1),
        unit: 'ms',
        digits: 1,
      },
      {
        name: `${name}: import / floor (medians)`,
        value: round(median / floorMedian),
        unit: '×',
        target: { op: '<=', value: importRatioTarget },
      },
    );
    details[name] = {
      bundleBytes: own,
      floorBytes: base,
      floorClients: floor.clients,
      importMs: ownMs.map((ms) => round(ms, 2)),
      floorImportMs: floorMs.map((ms) => round(ms, 2)),
    };
  }
  const section: Section = {
    id: 'cold-start',
    title: '1. Cold start',
    method: [
      'Sizes of dist/<function>/index.mjs as `npm run build` produced it in this run; KiB = 1,024 bytes; gzip by node:zlib at its default level.',
      `Import time: ${runs} fresh node_modules/.bin/node processes per bundle, each timing \`await import(bundle)\` with performance.now() inside the child; median and p90 (nearest rank).`,
      'Floor: a bundle of only the SDK clients found in the function bundle’s esbuild metafile, one command each (ECS: the function’s main call), built in the same run; bundle and floor imports alternate.',
      'Floor esbuild options: scripts/build.ts `lambdaBundleOptions`, the ones the function bundles use.',
    ],
    figures,
    details,
  };
  return { section, importRss };
}
