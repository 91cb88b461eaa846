/**
 * One cold start, measured in a fresh Node 22 process: how long `await import(bundle)` takes, the
 * process's peak RSS right after it, and how long the first invocation runs before it sends its
 * first AWS request (the SDK's request start, seen on node:http's diagnostics channel), or until
 * it returns when it sends none. Nothing answers the request: the process reports and exits as it
 * starts, so what is timed is our work and the SDK's, never a network.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { nodePath } from './child-process.ts';

/** One fresh process's cold start. */
export type ColdSample = {
  importMs: number;
  /** Peak RSS of the process right after the import, KiB. */
  rssKb: number;
  /** Handler call to its first AWS request (or to its return, when `reachedAws` is false). */
  firstInvocationMs: number;
  reachedAws: boolean;
};

// Runs in the child: plain JavaScript, so Node loads no TypeScript stripper.
const childScript = `
const { subscribe } = await import('node:diagnostics_channel');
const [url, eventJson] = process.argv.slice(1);
const started = performance.now();
const { handler } = await import(url);
const importMs = performance.now() - started;
const rssKb = process.resourceUsage().maxRSS;
let calledAt = 0;
const report = (reachedAws) => {
  const firstInvocationMs = performance.now() - calledAt;
  process.stdout.write(JSON.stringify({ importMs, rssKb, firstInvocationMs, reachedAws }) + '\\n');
  process.exit(0);
};
subscribe('http.client.request.start', () => report(true));
const deadline = Date.now() + 60_000;
const context = {
  functionName: 'cold-start', functionVersion: '$LATEST', memoryLimitInMB: '128',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:cold-start',
  awsRequestId: 'cold-start', logGroupName: '/aws/lambda/cold-start', logStreamName: 'cold-start',
  getRemainingTimeInMillis: () => deadline - Date.now(),
};
calledAt = performance.now();
try { await handler(JSON.parse(eventJson), context); } catch {}
report(false);
`;

/**
 * The environment of a deployed function as far as a cold start sees it: region and credentials
 * from the environment (as Lambda sets them), logs and EMF silenced, no `POLICY_FILE`. The
 * endpoint is a closed local port: the first request is counted as it starts and never answered.
 */
const coldEnvironment = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDCOLDSTART',
  AWS_SECRET_ACCESS_KEY: 'cold-start',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

/**
 * Starts a fresh process that imports `bundlePath` and invokes its handler once with `event`.
 * @throws Error when the process fails or reports nothing.
 */
export function measureColdProcess(bundlePath: string, event: unknown): ColdSample {
  const url = pathToFileURL(bundlePath).href;
  const child = spawnSync(
    nodePath,
    ['--input-type=module', '-e', childScript, url, JSON.stringify(event)],
    { env: coldEnvironment, encoding: 'utf8', timeout: 120_000 },
  );
  if (child.status !== 0 || child.stdout.trim() === '') {
    throw new Error(`cold start of ${bundlePath} failed: ${child.stderr}`);
  }
  return JSON.parse(child.stdout) as ColdSample;
}
