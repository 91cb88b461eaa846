/**
 * Starting measured processes: every function bundle and every baseline script runs in its own
 * Node 22 child (node_modules/.bin/node), apart from the simulator, so its memory and CPU are its
 * own. Children get a clean environment: only what the parent passes, never the caller's AWS
 * settings.
 *
 * A function's process is what Lambda would run: its harness is compiled to plain JavaScript
 * first (a `.ts` entry makes Node load its TypeScript stripper, about 13 MiB of RSS no Lambda
 * pays), and node gets the heap flags Lambda's runtime gives a 128 MB function
 * (lambda-heap.ts) unless the caller asks for V8's defaults.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import type { ChildExit, ChildInvocation, ChildRequest } from './function-child.ts';
import { type ChildHeap, lambdaHeapFlags, lambdaMemoryMb } from './lambda-heap.ts';

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
/** The project's Node 22 (plain `node` may be another version). */
export const nodePath = join(root, 'node_modules', '.bin', 'node');

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A running function container. */
export type FunctionChild = {
  invoke: (event: unknown, budgetMs?: number) => Promise<ChildInvocation>;
  /** Ends the process. @returns its peak RSS in kilobytes. */
  close: () => Promise<number>;
};

/** The environment a bundle needs against the simulator, with logs and EMF metrics silenced. */
export function functionEnvironment(
  endpoint: string,
  policy: unknown,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...simulatorEnvironment(endpoint),
    POLICY_FILE: writePolicyFile(policy),
    DRY_RUN: 'false',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...extra,
  };
}

/** Writes a policy document to a temporary file and returns its path. */
export function writePolicyFile(document: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'autopilot-bench-')), 'policy.json');
  writeFileSync(path, JSON.stringify(document));
  return path;
}

function startChild(
  script: string,
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): ChildProcess {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC' };
  const extra = process.env.BENCH_CHILD_NODE_OPTIONS ?? '';
  return fork(script, [], {
    execPath: nodePath,
    execArgv: [...nodeFlags, ...extra.split(' ').filter(Boolean)],
    env: { ...base, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
}

let compiledFunctionChild: string | undefined;

/** function-child.ts (and what it imports) as one plain JavaScript module, built once a run. */
function functionChildScript(): string {
  if (compiledFunctionChild === undefined) {
    const outfile = join(mkdtempSync(join(tmpdir(), 'autopilot-bench-child-')), 'child.mjs');
    buildSync({
      entryPoints: [join(root, 'bench', 'support', 'function-child.ts')],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      logLevel: 'error',
    });
    compiledFunctionChild = outfile;
  }
  return compiledFunctionChild;
}

function collectStderr(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-4000);
  });
  return () => text;
}

/** How a function process is started. */
export type FunctionChildOptions = {
  /** `lambda` (default): the heap flags of a 128 MB Lambda function; `unconstrained`: V8's own. */
  heap?: ChildHeap;
};

/**
 * Starts `dist/<name>/index.mjs` in a fresh process and waits until it is imported.
 * @throws Error when the process dies before answering.
 */
export async function startFunctionChild(
  name: string,
  env: Record<string, string>,
  options: FunctionChildOptions = {},
): Promise<FunctionChild> {
  const bundle = join(root, 'dist', name, 'index.mjs');
  const heapFlags =
    options.heap === 'unconstrained'
      ? []
      : lambdaHeapFlags(lambdaMemoryMb, process.env.BENCH_CHILD_NODE_OPTIONS);
  const child = startChild(functionChildScript(), { ...env, BENCH_BUNDLE: bundle }, heapFlags);
  const stderr = collectStderr(child);
  const waiting = new Map<
    number,
    { resolve: (value: never) => void; reject: (e: Error) => void }
  >();
  let nextId = 1;
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  child.on('message', (message: { id: number }) => {
    if (message.id === 0) return ready();
    waiting.get(message.id)?.resolve(message as never);
    waiting.delete(message.id);
  });
  const died = new Promise<never>((_, reject) => {
    child.on('exit', (code) => {
      const error = new Error(`${name} child exited (${code}): ${stderr()}`);
      for (const entry of waiting.values()) entry.reject(error);
      waiting.clear();
      reject(error);
    });
  });
  died.catch(() => undefined);
  await Promise.race([started, died]);
  const request = <T>(body: WithoutId<ChildRequest>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: never) => void, reject });
      child.send({ ...body, id });
    });
  return {
    invoke: (event, budgetMs = 900_000) =>
      request<ChildInvocation>({ kind: 'invoke', event, budgetMs }),
    close: async () => (await request<ChildExit>({ kind: 'exit' })).maxRssKb,
  };
}

/**
 * Runs a script (a baseline) to completion in a fresh process; the script sends one message
 * with its result before it exits.
 * @throws Error when the script fails or sends nothing.
 */
export function runScriptChild<T>(
  script: string,
  env: Record<string, string>,
): Promise<{ result: T; maxRssKb: number }> {
  const child = startChild(script, env);
  const stderr = collectStderr(child);
  return new Promise((resolve, reject) => {
    let answer: { result: T; maxRssKb: number } | undefined;
    child.on('message', (message: { result: T; maxRssKb: number }) => {
      answer = message;
    });
    child.on('exit', (code) => {
      if (answer !== undefined && code === 0) resolve(answer);
      else reject(new Error(`${script} exited (${code}): ${stderr()}`));
    });
  });
}
