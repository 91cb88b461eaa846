/**
 * Figure 1, cold start: each function's bundle size (what a cold start reads, raw and gzip), the
 * time a fresh Node 22 process takes to import it and then to run its first invocation up to its
 * first AWS request, beside its floor (the same SDK clients, commands and paginators alone, same
 * esbuild options), measured in the same run with bundle and floor processes interleaved so load
 * on the machine falls on both alike.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { splitOutputs } from '../scripts/build/split-outputs.ts';
import { buildFunctions } from '../scripts/build.ts';
import { buildFloorBundle, type FloorBundle } from './floor-bundle.ts';
import { type ColdStartSummary, summarizeColdStart } from './report/cold-start-summary.ts';
import type { Figure, Section } from './report/figures.ts';
import { percentile, round } from './report/figures.ts';
import { loadEvent } from './support/bench-events.ts';
import { writePolicyFile } from './support/child-process.ts';
import { type ColdSample, measureColdProcess } from './support/cold-process.ts';

/** Bundle-size targets in KiB: the scaler carries the most policy code. */
const sizeTargetKib: Record<string, number> = { 'scale-services': 360 };
const defaultSizeTargetKib = 340;
const stretchKib = 250;
const importRatioTarget = 1.2;

/** The trigger each function's first invocation gets (events/). */
const firstEvents: Record<string, string> = {
  'restart-task': 'task-stopped-essential-exit-1-fargate.json',
  'prune-task-definitions': 'scheduled-event-prune.json',
  'scale-services': 'scheduled-event-scale.json',
};

/**
 * Compiled into the measured bundles so that every first invocation reaches AWS: policy.yml
 * selects nothing to scale, and a tick with no service sends no request.
 */
const coldStartPolicy = {
  restart: { select: [{ mode: 'on-failure' }] },
  scale: {
    services: [{ match: { service: '*' }, max: 10, metrics: [{ kind: 'cpu', targetPercent: 50 }] }],
  },
};

type Sizes = { raw: number; gzip: number; lazy: number };

/** What a cold start of a split build reads: its entry and the chunks that imports statically. */
async function sizesOf(dir: string): Promise<Sizes> {
  const metafile = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as Metafile;
  const { eager, lazy } = splitOutputs(metafile, 'index.mjs');
  const name = (path: string) => path.split('/').pop() ?? path;
  const bytes = Buffer.concat(
    await Promise.all(eager.map((output) => readFile(join(dir, name(output.path))))),
  );
  const lazyBytes = lazy.reduce((sum, output) => sum + output.bytes, 0);
  return { raw: bytes.length, gzip: gzipSync(bytes).length, lazy: lazyBytes };
}

const kib = (bytes: number) => round(bytes / 1024, 1);
const median = (values: number[]) => percentile(values, 50) ?? Number.NaN;
const p90 = (values: number[]) => percentile(values, 90) ?? Number.NaN;

/** Median peak RSS (KiB) of a process that only imported the bundle, and its floor. */
export type ImportRss = { name: string; bundleKb: number; floorKb: number };

export type ColdStartOutcome = { section: Section; importRss: ImportRss[] };

/** Measures every function and its floor; `runs` fresh processes each. */
export async function measureColdStart(
  names: readonly string[],
  runs: number,
): Promise<ColdStartOutcome> {
  const outdir = await mkdtemp(join(tmpdir(), 'ecs-autopilot-cold-'));
  await buildFunctions({ quiet: true, outdir, policyFile: writePolicyFile(coldStartPolicy) });
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const importRss: ImportRss[] = [];
  const summaries: ColdStartSummary[] = [];
  for (const name of names) {
    const floor: FloorBundle = await buildFloorBundle(name);
    const bundlePath = join(outdir, name, 'index.mjs');
    const event = loadEvent(firstEvents[name] ?? 'scheduled-event-prune.json');
    const own = await sizesOf(join(outdir, name));
    const base = await sizesOf(join(floor.bundlePath, '..'));
    const ownSamples: ColdSample[] = [];
    const floorSamples: ColdSample[] = [];
    for (let run = 0; run < runs; run += 1) {
      // Alternate which goes first, so neither always meets a warmer page cache.
      const pair = run % 2 === 0 ? [bundlePath, floor.bundlePath] : [floor.bundlePath, bundlePath];
      for (const path of pair) {
        (path === bundlePath ? ownSamples : floorSamples).push(measureColdProcess(path, event));
      }
    }
    const of = (samples: ColdSample[], key: 'importMs' | 'firstInvocationMs' | 'rssKb') =>
      samples.map((sample) => sample[key]);
    importRss.push({
      name,
      bundleKb: median(of(ownSamples, 'rssKb')),
      floorKb: median(of(floorSamples, 'rssKb')),
    });
    const importMedian = median(of(ownSamples, 'importMs'));
    const floorMedian = median(of(floorSamples, 'importMs'));
    const firstMedian = median(of(ownSamples, 'firstInvocationMs'));
    const floorFirstMedian = median(of(floorSamples, 'firstInvocationMs'));
    const reached = ownSamples.filter((sample) => sample.reachedAws).length;
    figures.push(
      {
        name: `${name}: bundle`,
        value: kib(own.raw),
        unit: 'KiB',
        digits: 1,
        target: { op: '<=', value: sizeTargetKib[name] ?? defaultSizeTargetKib },
        stretch: { op: '<=', value: stretchKib },
        note: `read at cold start (index.mjs and its static chunks); gzip ${kib(own.gzip)} KiB; ${kib(own.lazy)} KiB more only for a POLICY_FILE override; floor ${kib(base.raw)} KiB raw, ${kib(base.gzip)} KiB gzip`,
      },
      { name: `${name}: bundle gzip`, value: kib(own.gzip), unit: 'KiB', digits: 1 },
      {
        name: `${name}: floor bundle`,
        value: kib(base.raw),
        unit: 'KiB',
        digits: 1,
        note: floor.clients
          .map(
            (c) =>
              `${c.pkg.replace('@aws-sdk/client-', '')}: ${[...c.commands, ...c.paginators].map((x) => x.replace(/Command$/, '')).join(', ')}`,
          )
          .join('; '),
      },
      { name: `${name}: import median`, value: round(importMedian, 1), unit: 'ms', digits: 1 },
      {
        name: `${name}: import p90`,
        value: round(p90(of(ownSamples, 'importMs')), 1),
        unit: 'ms',
        digits: 1,
      },
      { name: `${name}: floor import median`, value: round(floorMedian, 1), unit: 'ms', digits: 1 },
      {
        name: `${name}: floor import p90`,
        value: round(p90(of(floorSamples, 'importMs')), 1),
        unit: 'ms',
        digits: 1,
      },
      {
        name: `${name}: import / floor (medians)`,
        value: round(importMedian / floorMedian),
        unit: '×',
        target: { op: '<=', value: importRatioTarget },
      },
      {
        name: `${name}: first invocation to its first AWS request (median)`,
        value: round(firstMedian, 1),
        unit: 'ms',
        digits: 1,
        note: `floor ${round(floorFirstMedian, 1)} ms (the SDK's own first request); ${reached} of ${runs} reached AWS`,
      },
      {
        name: `${name}: first invocation, ours beyond the floor (medians)`,
        value: round(firstMedian - floorFirstMedian, 1),
        unit: 'ms',
        digits: 1,
        note: 'settings, the event, Powertools and middy, our code before its first call',
      },
    );
    summaries.push({
      bundleKib: kib(own.raw),
      floorKib: kib(base.raw),
      importMs: importMedian,
      floorImportMs: floorMedian,
      firstMs: firstMedian,
      floorFirstMs: floorFirstMedian,
    });
    details[name] = {
      bundleBytes: own,
      floorBytes: base,
      floorClients: floor.clients,
      importMs: of(ownSamples, 'importMs').map((ms) => round(ms, 2)),
      floorImportMs: of(floorSamples, 'importMs').map((ms) => round(ms, 2)),
      firstInvocationMs: of(ownSamples, 'firstInvocationMs').map((ms) => round(ms, 2)),
      floorFirstInvocationMs: of(floorSamples, 'firstInvocationMs').map((ms) => round(ms, 2)),
    };
  }
  const section: Section = {
    id: 'cold-start',
    title: '1. Cold start',
    method: [
      'Bundles built by scripts/build.ts as `npm run build` builds them, with a policy that selects services to scale compiled in (policy.yml selects none, and a tick with nothing selected sends no request). Size: what a cold start reads, `index.mjs` and the chunks it imports statically, from the esbuild metafile; the chunks only a POLICY_FILE override loads (its reader and schema, the YAML parser) are counted apart. KiB = 1,024 bytes; gzip by node:zlib at its default level.',
      `Import time: ${runs} fresh node_modules/.bin/node processes per bundle, each timing \`await import(bundle)\` with performance.now() inside the child; median and p90 (nearest rank).`,
      'First invocation: in the same process, right after the import, the handler is called once with the function’s trigger from events/ and a Lambda context, with region and credentials in the environment as Lambda sets them and no POLICY_FILE; timed from the call to the start of its first AWS request (node:http’s diagnostics channel), which is never answered (the process exits).',
      'Floor: a bundle of only the SDK the function bundle loads at cold start, from its esbuild metafile: every client, command and paginator that left code in the entry or its static chunks, each used by a handler that sends every command once; built in the same run with the same esbuild options (scripts/build.ts `functionBundleOptions`). Its first invocation is the SDK’s own first request: client, endpoint, signing. Bundle and floor processes alternate.',
    ],
    figures,
    comparison: summarizeColdStart(names, summaries),
    details,
  };
  return { section, importRss };
}
