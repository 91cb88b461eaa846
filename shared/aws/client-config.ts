import type { FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types';
import type { Pacer } from './pacer.ts';
import { createPacer } from './pacer.ts';

/** Product name and version in every request's user agent, so AWS-side logs show who called. */
export const userAgentSuffix: [string, string] = ['ecs-autopilot', '0.1.0'];

/**
 * Settings shared by every client. Region and endpoint come from the SDK's own environment
 * handling (`AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_ECS`, …), which is how the local
 * simulator, or anyone's emulator, is reached. Retries are pinned rather than left to SDK defaults,
 * so a change of SDK version cannot silently change how hard the functions hit a throttled API.
 */
export const commonClientConfig: {
  maxAttempts: number;
  retryMode: 'standard';
  customUserAgent: [string, string][];
} = {
  maxAttempts: 4,
  retryMode: 'standard',
  customUserAgent: [userAgentSuffix],
};

let pacer: Pacer = createPacer({ share: 1 });

/**
 * Sets the share of ECS's throttle buckets this container may use (and, for benchmarks only, a
 * time factor). Called by the handler once the policy is loaded; replaces the pacer and its stats.
 */
export function configurePacing(options: { share: number; timeFactor?: number }): Pacer {
  pacer = createPacer(options);
  return pacer;
}

/** The container's pacer (also the call and throttle counter of every AWS client). */
export function getPacer(): Pacer {
  return pacer;
}

const throttlingErrorNames = new Set([
  'ThrottlingException',
  // CloudWatch's query-compatible errors name throttling this way.
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

/** True when an SDK error means the caller went too fast. */
export function isThrottlingError(error: unknown): boolean {
  return error instanceof Error && throttlingErrorNames.has(error.name);
}

/**
 * Counts every attempt (and every throttled one) and, when `paced`, waits for a pacer token first.
 * It sits in the finalizeRequest step below the SDK's retry middleware, so retries are paced and
 * counted too, and it sees errors after deserialization, named as the SDK names them.
 */
// biome-ignore lint/suspicious/noExplicitAny: every SDK client's stack has its own input and output types.
export function instrumentClient<T extends { middlewareStack: MiddlewareStack<any, any> }>(
  client: T,
  paced: boolean,
): T {
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const middleware: FinalizeRequestMiddleware<any, any> = (next, context) => async (args) => {
    const commandName = context.commandName ?? 'UnknownCommand';
    if (paced) await pacer.acquire(commandName);
    pacer.recordCall(commandName);
    try {
      return await next(args);
    } catch (error) {
      if (isThrottlingError(error)) pacer.recordThrottle(commandName);
      throw error;
    }
  };
  client.middlewareStack.add(middleware, {
    step: 'finalizeRequest',
    priority: 'low',
    name: 'ecsAutopilotPacing',
  });
  return client;
}
