/**
 * `npm run bench`: builds the bundles as `npm run build` does, measures them (cold start, memory,
 * prune throughput and API efficiency, scale tick, restart hot path, and the baselines users run
 * today, all against the local simulated AWS), prints the figures with their targets, and writes
 * bench/results.json and BENCHMARKS.md. A missed target never fails the command: it exits
 * non-zero only when the harness itself breaks.
 *
 * Knobs (environment): BENCH_COLD_RUNS (fresh processes per bundle, default 25),
 * BENCH_PRUNE_TIME_FACTOR (default 200), BENCH_REACTION_TIME_FACTOR (default 120),
 * BENCH_SUB_MINUTE_TIME_FACTOR (default 20: the sub-minute reaction's clock),
 * BENCH_CHILD_NODE_OPTIONS (extra Node flags for the measured processes; function processes
 * otherwise get the heap flags of a 128 MB Lambda function, and a heap size set here replaces
 * them, as NODE_OPTIONS does on Lambda), BENCH_ONLY (comma-separated step ids, e.g.
 * `cold-start,baselines`: runs only those and what they need, prints the figures and writes no
 * report; ids: cold-start, prune-efficiency, prune-throughput, scale-tick, restart, memory,
 * baselines, reaction, spot-gap).
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { buildFunctions } from '../scripts/build.ts';
import { buildComparisonSection } from './baselines/compare.ts';
import { measurePruneBaseline } from './baselines/measure-prune-baseline.ts';
import { measureReactionTime } from './baselines/measure-reaction-time.ts';
import { measureScalerBaseline } from './baselines/measure-scaler-baseline.ts';
import { measureColdStart } from './cold-start.ts';
import {
  buildMemorySection,
  type MemorySample,
  measureBareNode,
  measureUnconstrainedMemory,
} from './memory.ts';
import { measurePruneEfficiency } from './prune-efficiency.ts';
import { measurePruneThroughput } from './prune-throughput.ts';
import { measureSubMinuteReaction } from './reaction-sub-minute.ts';
import type { BenchResults, Section } from './report/figures.ts';
import { renderMarkdown, renderTerminal } from './report/render.ts';
import { measureRestartHistory } from './restart-history.ts';
import { measureRestartHotPath } from './restart-hot-path.ts';
import { measureSpotGap } from './restart-spot-gap.ts';
import { measureScaleTick } from './scale-tick.ts';
import { root } from './support/child-process.ts';

const numberFrom = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const coldRuns = numberFrom('BENCH_COLD_RUNS', 25);
const pruneFactor = numberFrom('BENCH_PRUNE_TIME_FACTOR', 200);
const reactionFactor = numberFrom('BENCH_REACTION_TIME_FACTOR', 120);
const subMinuteFactor = numberFrom('BENCH_SUB_MINUTE_TIME_FACTOR', 20);
const only = process.env.BENCH_ONLY?.split(',').map((id) => id.trim()) ?? [];
/** Whether a step runs: every step, unless BENCH_ONLY names some (and what they need). */
const runs = (...ids: string[]) => only.length === 0 || ids.some((id) => only.includes(id));

const started = performance.now();
const generatedAt = new Date().toISOString();
const machine = {
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  cpus: os.cpus().length,
  node: process.versions.node,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  totalMemoryMb: Math.round(os.totalmem() / 1024 / 1024),
  loadAverageAtStart: os.loadavg().map((load) => Math.round(load * 100) / 100),
};
const broken: string[] = [];

/** Runs one measurement; a thrown error is a broken harness, reported and remembered. */
async function step<T>(
  label: string,
  measure: () => Promise<T>,
  wanted = true,
): Promise<T | undefined> {
  if (!wanted) return undefined;
  const stepStarted = performance.now();
  process.stdout.write(`${label}… `);
  try {
    const result = await measure();
    console.log(`${((performance.now() - stepStarted) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    console.log('failed');
    console.error(error);
    broken.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

const built = await step('build (npm run build)', () => buildFunctions({ quiet: true }));
const names = (built ?? []).map((fn) => fn.name).sort();
const coldStart = await step(
  `cold start (${coldRuns} processes per bundle)`,
  () => measureColdStart(names, coldRuns),
  runs('cold-start', 'memory'),
);
const efficiency = await step(
  'prune API efficiency',
  () => measurePruneEfficiency(),
  runs('prune-efficiency', 'memory'),
);
const throughput = await step(
  `prune throughput (time ×${pruneFactor})`,
  () => measurePruneThroughput(pruneFactor),
  runs('prune-throughput', 'memory', 'baselines'),
);
const pruneBaseline = await step(
  'baseline prune script',
  () => measurePruneBaseline(pruneFactor),
  runs('baselines'),
);
const scaleTick = await step(
  'scale tick',
  () => measureScaleTick(),
  runs('scale-tick', 'memory', 'baselines'),
);
const scalerBaseline = await step(
  'baseline scaler',
  () => measureScalerBaseline(),
  runs('baselines'),
);
const reaction = await step(
  `reaction to a load step (time ×${reactionFactor})`,
  () => measureReactionTime(reactionFactor),
  runs('baselines'),
);
const restart = await step(
  'restart hot path',
  () => measureRestartHotPath(),
  runs('restart', 'memory'),
);
const unconstrained = await step(
  'memory with V8 default heap sizing',
  measureUnconstrainedMemory,
  runs('memory'),
);
const subMinute = await step(
  `reaction to load steps within the minute (time ×${subMinuteFactor})`,
  () => measureSubMinuteReaction(subMinuteFactor),
  runs('reaction'),
);
const spotGap = await step(
  'Fargate Spot gap (stop → replacement RUNNING)',
  measureSpotGap,
  runs('spot-gap'),
);
const restartHistory = await step(
  'restart crash-loop history (10,000 stopped tasks)',
  () => measureRestartHistory(),
  runs('restart-history'),
);

const samples: MemorySample[] = [];
if (efficiency) {
  samples.push({
    name: 'prune-task-definitions',
    workload: efficiency.workload,
    maxRssKb: efficiency.maxRssKb,
  });
}
if (throughput) {
  samples.push({
    name: 'prune-task-definitions (warm, many runs)',
    workload: `${throughput.outcome.invocations} back-to-back runs in one container, default cap (figure 3)`,
    maxRssKb: throughput.maxRssKb,
  });
}
if (scaleTick) {
  samples.push({
    name: 'scale-services',
    workload: 'two ticks over 500 services (figure 5)',
    maxRssKb: scaleTick.maxRssKb,
  });
}
if (restart) {
  samples.push({
    name: 'restart-task',
    workload: restart.workload,
    maxRssKb: restart.maxRssKb,
  });
}

const sections: Section[] = [
  coldStart?.section,
  runs('memory')
    ? buildMemorySection({
        samples,
        unconstrained: unconstrained ?? [],
        importRss: coldStart?.importRss ?? [],
        bare: measureBareNode(),
      })
    : undefined,
  throughput?.section,
  efficiency?.section,
  scaleTick?.section,
  restart?.section,
  restartHistory?.section,
  spotGap?.section,
  subMinute?.section,
  throughput && pruneBaseline && scaleTick && scalerBaseline && reaction
    ? buildComparisonSection({
        prune: {
          ours: throughput.outcome,
          baseline: pruneBaseline.outcome,
          baselineProtectedAttempted: pruneBaseline.protectedAttempted,
        },
        scale: { ours: scaleTick.outcome, baseline: scalerBaseline.outcome },
        reaction,
        pruneFactor,
      })
    : undefined,
].filter((section): section is Section => section !== undefined);

const results: BenchResults = {
  generatedAt,
  machine,
  durationSeconds: Math.round((performance.now() - started) / 1000),
  sections,
};
if (only.length > 0) {
  // A partial run must not replace the last complete report.
  console.log(renderTerminal(results));
  console.log(`\nBENCH_ONLY=${only.join(',')}: reports not written.`);
  if (broken.length > 0) process.exitCode = 1;
} else if (broken.length > 0) {
  // A partial run must not replace the last complete report.
  console.error(
    `\nHarness broken, reports not written:\n${broken.map((b) => `  - ${b}`).join('\n')}`,
  );
  console.log(renderTerminal(results));
  process.exitCode = 1;
} else {
  await writeFile(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(root, 'BENCHMARKS.md'), renderMarkdown(results));
  console.log(renderTerminal(results));
  console.log(`\nWrote bench/results.json and BENCHMARKS.md in ${results.durationSeconds} s.`);
}
