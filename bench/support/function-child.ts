/**
 * A measured process: one warm Lambda container running a built bundle (`BENCH_BUNDLE`). The
 * parent sends events over IPC; each is invoked like Lambda would (a context with a time budget)
 * and answered with its result, timings and, for restart, when the first RunTask request left.
 * On `exit` it answers the peak RSS of this process, which never hosts the simulator.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { pathToFileURL } from 'node:url';
import { installTimeWarpFromEnvironment } from './time-warp.ts';

/** A request from the parent. */
export type ChildRequest =
  | { id: number; kind: 'invoke'; event: unknown; budgetMs: number }
  | { id: number; kind: 'exit' };

/** One invocation as the child saw it. Times are the child's `Date` (simulated when warped). */
export type ChildInvocation = {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
  startedAt: number;
  endedAt: number;
  /** Wall-clock milliseconds of the handler call. */
  durationMs: number;
  /** Wall-clock milliseconds from the handler call to the first RunTask request, if any. */
  runTaskAfterMs?: number;
  /** Live heap after a full collection, when the process runs with `--expose-gc`. */
  heapUsedAfterGc?: number;
};

export type ChildExit = { id: number; maxRssKb: number };

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

installTimeWarpFromEnvironment(process.env);
const bundle = process.env.BENCH_BUNDLE;
if (bundle === undefined) throw new Error('BENCH_BUNDLE is not set');
const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: Handler };

// The SDK sends through node:http; this channel sees every request as it starts.
let firstRunTaskAt: number | undefined;
subscribe('http.client.request.start', (message) => {
  const { request } = message as { request: ClientRequest };
  const target = request.getHeader('x-amz-target');
  if (firstRunTaskAt === undefined && typeof target === 'string' && target.endsWith('.RunTask')) {
    firstRunTaskAt = performance.now();
  }
});

function lambdaContext(budgetMs: number) {
  const deadline = Date.now() + budgetMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
    memoryLimitInMB: '128',
    awsRequestId: crypto.randomUUID(),
    logGroupName: '/aws/lambda/bench',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

async function invoke(id: number, event: unknown, budgetMs: number): Promise<ChildInvocation> {
  firstRunTaskAt = undefined;
  const startedAt = Date.now();
  const started = performance.now();
  const answer: Omit<ChildInvocation, 'endedAt' | 'durationMs'> = { id, ok: true, startedAt };
  try {
    answer.result = await handler(event, lambdaContext(budgetMs));
  } catch (error) {
    answer.ok = false;
    answer.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  const durationMs = performance.now() - started;
  const endedAt = Date.now();
  const runTaskAfterMs = firstRunTaskAt === undefined ? undefined : firstRunTaskAt - started;
  // A diagnostic (BENCH_CHILD_NODE_OPTIONS=--expose-gc): does a warm container keep memory?
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapUsedAfterGc = gc ? process.memoryUsage().heapUsed : undefined;
  return { ...answer, endedAt, durationMs, runTaskAfterMs, heapUsedAfterGc };
}

process.on('message', (request: ChildRequest) => {
  if (request.kind === 'exit') {
    const exit: ChildExit = { id: request.id, maxRssKb: process.resourceUsage().maxRSS };
    process.send?.(exit, () => process.exit(0));
    return;
  }
  void invoke(request.id, request.event, request.budgetMs).then((answer) => process.send?.(answer));
});
process.send?.({ id: 0, ready: true });
