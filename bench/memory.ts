/**
 * Figure 2, memory: the peak RSS (process.resourceUsage().maxRSS) of each function's process
 * after its largest benchmark workload. The workloads run in the other measurements (each in a
 * fresh child, apart from the simulator's process); this module only adds a bare Node 22 process
 * for scale and states the figures against the 128 MB function target.
 */
import { spawnSync } from 'node:child_process';
import type { ImportRss } from './cold-start.ts';
import type { Figure, Section } from './report/figures.ts';
import { round } from './report/figures.ts';
import { nodePath } from './support/child-process.ts';

/** Peak RSS (KiB) of one measured process and the workload it handled. */
export type MemorySample = { name: string; workload: string; maxRssKb: number };

const targetMib = 100;

/** Peak RSS of a Node 22 process that does nothing, in KiB. */
export function measureBareNode(): number {
  const child = spawnSync(nodePath, ['-e', 'console.log(process.resourceUsage().maxRSS)'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return Number(child.stdout.trim());
}

/** Builds the memory section from the samples the other measurements took. */
export function buildMemorySection(
  samples: readonly MemorySample[],
  importRss: readonly ImportRss[],
): Section {
  const mib = (kb: number) => round(kb / 1024, 1);
  const figures: Figure[] = samples.map((sample) => ({
    name: `${sample.name}: peak RSS`,
    value: mib(sample.maxRssKb),
    unit: 'MiB',
    digits: 1,
    target: { op: '<=', value: targetMib },
    note: sample.workload,
  }));
  for (const sample of importRss) {
    figures.push({
      name: `${sample.name}: peak RSS after the import alone`,
      value: mib(sample.bundleKb),
      unit: 'MiB',
      digits: 1,
      note: `floor: ${mib(sample.floorKb)} MiB; median of the cold-start processes (figure 1)`,
    });
  }
  figures.push({
    name: 'bare Node 22 process, for scale',
    value: mib(measureBareNode()),
    unit: 'MiB',
    digits: 1,
  });
  return {
    id: 'memory',
    title: '2. Memory',
    method: [
      'process.resourceUsage().maxRSS of the function’s own process (the built bundle in a fresh node_modules/.bin/node child), read after its workload; the simulator runs in the parent process, so its memory is not counted. MiB = 1,048,576 bytes.',
      'Node runs without a heap limit here (V8 collects lazily while memory is plentiful), so these peaks are upper bounds of what the same work needs inside a 128 MB function.',
    ],
    figures,
    details: { samples },
  };
}
