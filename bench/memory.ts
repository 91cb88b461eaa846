/**
 * Figure 2, memory: the peak RSS (process.resourceUsage().maxRSS) of each function's process
 * after its largest benchmark workload. The workloads run in the other measurements (each in a
 * fresh child, apart from the simulator's process) under the heap flags Lambda's Node.js runtime
 * gives a 128 MB function (support/lambda-heap.ts); this module runs the single-invocation
 * workloads once more under V8's own defaults for comparison, measures a bare Node 22 process for
 * scale, and states the figures against the 128 MB function target.
 */
import { spawnSync } from 'node:child_process';
import type { ImportRss } from './cold-start.ts';
import { measurePruneEfficiency } from './prune-efficiency.ts';
import type { Figure, Section } from './report/figures.ts';
import { round } from './report/figures.ts';
import { measureRestartHotPath } from './restart-hot-path.ts';
import { measureScaleTick } from './scale-tick.ts';
import { nodePath } from './support/child-process.ts';
import { lambdaHeapFlags, lambdaMemoryMb } from './support/lambda-heap.ts';

/** Peak RSS (KiB) of one measured process and the workload it handled. */
export type MemorySample = { name: string; workload: string; maxRssKb: number };

/** Peak RSS of a process that does nothing, and how much of it maps the node binary (KiB). */
export type BareNodeRss = { maxRssKb: number; fileBackedKb: number | undefined };

const targetMib = 100;

/** Peak RSS of a Node 22 process that does nothing, in KiB, and its file-backed part (Linux). */
export function measureBareNode(): BareNodeRss {
  const script = [
    'let file;',
    "try { file = Number(/RssFile:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))?.[1]); } catch {}",
    'console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, fileBackedKb: file }));',
  ].join(' ');
  const child = spawnSync(nodePath, ['-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return JSON.parse(child.stdout.trim()) as BareNodeRss;
}

/**
 * Runs prune's, scale's and restart's single-container workloads again with V8's default heap
 * sizing (no Lambda flags), for the figures beside the Lambda ones.
 * @throws Error when a workload's harness breaks.
 */
export async function measureUnconstrainedMemory(): Promise<MemorySample[]> {
  const heap = { heap: 'unconstrained' as const };
  const prune = await measurePruneEfficiency(heap);
  const scale = await measureScaleTick(heap);
  const restart = await measureRestartHotPath(heap);
  return [
    { name: 'prune-task-definitions', workload: prune.workload, maxRssKb: prune.maxRssKb },
    { name: 'scale-services', workload: 'two ticks over 500 services', maxRssKb: scale.maxRssKb },
    { name: 'restart-task', workload: restart.workload, maxRssKb: restart.maxRssKb },
  ];
}

/** What the memory section is built from. */
export type MemoryInput = {
  /** The workloads as measured, under Lambda's heap flags. */
  samples: readonly MemorySample[];
  /** The same workloads under V8's defaults (empty when that step failed). */
  unconstrained: readonly MemorySample[];
  importRss: readonly ImportRss[];
  bare: BareNodeRss;
};

/** Builds the memory section from the samples the other measurements took. */
export function buildMemorySection(input: MemoryInput): Section {
  const mib = (kb: number) => round(kb / 1024, 1);
  const figures: Figure[] = input.samples.map((sample) => ({
    name: `${sample.name}: peak RSS`,
    value: mib(sample.maxRssKb),
    unit: 'MiB',
    digits: 1,
    target: { op: '<=', value: targetMib },
    note: sample.workload,
  }));
  for (const sample of input.unconstrained) {
    figures.push({
      name: `${sample.name}: peak RSS with V8's default heap sizing`,
      value: mib(sample.maxRssKb),
      unit: 'MiB',
      digits: 1,
      note: `same workload without Lambda's heap flags, for comparison; not what Lambda runs`,
    });
  }
  for (const sample of input.importRss) {
    figures.push({
      name: `${sample.name}: peak RSS after the import alone`,
      value: mib(sample.bundleKb),
      unit: 'MiB',
      digits: 1,
      note: `floor: ${mib(sample.floorKb)} MiB; median of the cold-start processes (figure 1)`,
    });
  }
  const { bare } = input;
  figures.push({
    name: 'bare Node 22 process, for scale',
    value: mib(bare.maxRssKb),
    unit: 'MiB',
    digits: 1,
    note:
      bare.fileBackedKb === undefined
        ? undefined
        : `${mib(bare.fileBackedKb)} MiB of it are pages of the node binary itself (file-backed)`,
  });
  return {
    id: 'memory',
    title: '2. Memory',
    method: [
      'process.resourceUsage().maxRSS of the function’s own process (the built bundle in a fresh node_modules/.bin/node child, its harness compiled to plain JavaScript so that Node’s TypeScript stripper is not loaded), read after its workload; the simulator runs in the parent process, so its memory is not counted. MiB = 1,048,576 bytes.',
      `The function processes run with the heap flags AWS Lambda’s Node.js runtime passes to node for a ${lambdaMemoryMb} MB function (${lambdaHeapFlags(lambdaMemoryMb).join(' ')}; the runtime’s bootstrap derives them from AWS_LAMBDA_FUNCTION_MEMORY_SIZE, new space 5 %, see bench/support/lambda-heap.ts). The figures with V8’s default heap sizing are the same workloads without those flags: V8 then sizes its young generation from this machine’s memory.`,
      'RSS counts the node binary’s file-backed pages (the bare process below is mostly those; clean pages the kernel can drop and read again under memory pressure) as well as the heap. The simulator answers with smaller tasks and services than ECS does (no service events, few container details), so real accounts parse more per call; describes run a few calls at a time and keep only what the decision needs, so that stays bounded.',
    ],
    figures,
    details: { samples: input.samples, unconstrained: input.unconstrained, bare },
  };
}
