/**
 * Runs a built function bundle in this process the way Lambda would: environment first, then the
 * module, then `handler(event, context)`. The bundle is the same file `serverless package` zips.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { playgroundAccountId, playgroundRegion } from './account.ts';

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

const root = fileURLToPath(new URL('../..', import.meta.url));
const loaded = new Map<string, LambdaHandler>();

/** Loads `dist/<name>/index.mjs` once (like a warm Lambda container) and returns its handler. */
export async function loadBundle(name: string): Promise<LambdaHandler> {
  const cached = loaded.get(name);
  if (cached) return cached;
  const url = pathToFileURL(`${root}dist/${name}/index.mjs`).href;
  const module = (await import(url)) as { handler: LambdaHandler };
  loaded.set(name, module.handler);
  return module.handler;
}

/** Invokes a bundle's handler with a Lambda-like context and a time budget. */
export async function invokeBundle(
  name: string,
  event: unknown,
  budgetMs = 60_000,
): Promise<unknown> {
  const handler = await loadBundle(name);
  const deadline = Date.now() + budgetMs;
  return handler(event, {
    functionName: name,
    awsRequestId: crypto.randomUUID(),
    invokedFunctionArn: `arn:aws:lambda:${playgroundRegion}:${playgroundAccountId}:function:${name}`,
    memoryLimitInMB: '256',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  });
}
