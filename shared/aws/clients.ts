import type { FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types';
import { isThrottlingError } from './call-aws.ts';
import { getPacer } from './pacer.ts';

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

// biome-ignore lint/suspicious/noExplicitAny: every SDK client's stack has its own input and output types.
type SdkClient = { middlewareStack: MiddlewareStack<any, any> };
type SdkClientClass<T extends SdkClient> = new (config: typeof commonClientConfig) => T;

const clients = new Map<SdkClientClass<SdkClient>, SdkClient>();

/**
 * The container's client of one AWS service, created on first use with {@link commonClientConfig}
 * and reused by every invocation (a client holds its connections and resolved credentials).
 *
 * @param options.paced true for ECS: every attempt waits for a token of the pacer's bucket for its
 *   command, so the functions use only their share of ECS's throttles. Other services are counted
 *   but not paced.
 */
export function clientFor<T extends SdkClient>(
  Client: SdkClientClass<T>,
  options: { paced: boolean },
): T {
  let client = clients.get(Client) as T | undefined;
  if (client === undefined) {
    client = instrumentClient(new Client({ ...commonClientConfig }), options.paced);
    clients.set(Client, client);
  }
  return client;
}

/** Forgets every client so the next call builds new ones (the CLI's --region, tests' endpoints). */
export function resetClients(): void {
  clients.clear();
}

/**
 * Counts every attempt (and every throttled one) and, when `paced`, waits for a pacer token first.
 * It sits in the finalizeRequest step below the SDK's retry middleware, so retries are paced and
 * counted too, and it sees errors after deserialization, named as the SDK names them.
 */
function instrumentClient<T extends SdkClient>(client: T, paced: boolean): T {
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const middleware: FinalizeRequestMiddleware<any, any> = (next, context) => async (args) => {
    const commandName = context.commandName ?? 'UnknownCommand';
    const pacer = getPacer();
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
