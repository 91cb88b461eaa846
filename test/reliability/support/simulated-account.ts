import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import { simulatorEnvironment } from '../../../simulator/environment.ts';
import {
  type FaultRule,
  type ScenarioInput,
  type Simulator,
  startSimulator,
  type ThrottlingOptions,
} from '../../../simulator/index.ts';
import { importFreshContainer } from '../../support/fresh-container.ts';
import { createLambdaContext } from '../../support/lambda-context.ts';
import { writePolicyFile } from '../../support/policy-file.ts';
import type { FunctionName } from './figures.ts';

/** A Lambda handler as the bundles export it. */
export type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** Queues every account has: the restart delay queue and the functions' dead-letter queue. */
export const RESTART_QUEUE = 'restart-delay';
export const DEAD_LETTER_QUEUE = 'dead-letters';

/** The Lambda timeout the scenarios give a run unless they test the time budget. */
export const DEFAULT_REMAINING_MS = 120_000;

export type AccountOptions = {
  scenario: ScenarioInput;
  /** The policy document (all three sections may be given). */
  policy: Record<string, unknown>;
  faults?: FaultRule[];
  throttling?: ThrottlingOptions;
  /** Epoch ms the fake `Date` starts at. */
  start?: number;
};

/** The running account and what a scenario drives it with. */
export type SimulatedAccount = {
  sim: Simulator;
  /** A fresh Lambda container of the function: its own module instance, caches and clients. */
  container: (fn: FunctionName) => Promise<Handler>;
  /** Invokes a handler with a Lambda context of `remainingMs` (default two minutes). */
  invoke: (handler: Handler, event: unknown, remainingMs?: number) => Promise<unknown>;
  /** Answers replaced by a fault rule or throttled by the ECS buckets so far. */
  faultsInjected: () => number;
  /** From now on every simulator call moves the function's clock on by `ms` (slow answers). */
  slowDown: (ms: number) => void;
  /** Bodies of the messages waiting on a queue. */
  queueBodies: (queue: string) => string[];
  /** The functions whose containers were started, in order. */
  functions: FunctionName[];
  /** Every SendMessage and PutEvents request the simulator received (answered or failed). */
  emitted: { action: 'SendMessage' | 'PutEvents'; input: Record<string, unknown> }[];
};

/**
 * Starts the simulator, writes the policy, sets the environment the bundles read on their first
 * invocation, fakes `Date` and makes the SDK's retry backoff instant (its jitter is
 * `Math.random() × base`), so retries are counted, never waited for.
 */
export async function openAccount(options: AccountOptions): Promise<SimulatedAccount> {
  vi.useFakeTimers({ toFake: ['Date'], now: options.start ?? Date.UTC(2026, 0, 1) });
  vi.spyOn(Math, 'random').mockReturnValue(0);
  const queues = [{ name: RESTART_QUEUE }, { name: DEAD_LETTER_QUEUE }];
  const scenario = { ...options.scenario, queues: [...(options.scenario.queues ?? []), ...queues] };
  const sim = await startSimulator({
    scenario,
    clock: () => Date.now(),
    faults: options.faults,
    throttling: options.throttling,
  });
  const queueUrl = (name: string) => `${sim.endpoint}/${sim.account.accountId}/${name}`;
  Object.assign(process.env, {
    ...simulatorEnvironment(sim.endpoint),
    POLICY_FILE: writePolicyFile(options.policy),
    DRY_RUN: 'false',
    AUDIT_EVENT_BUS_NAME: 'default',
    RESTART_QUEUE_URL: queueUrl(RESTART_QUEUE),
    DEAD_LETTER_QUEUE_URL: queueUrl(DEAD_LETTER_QUEUE),
    PACING_TIME_FACTOR: '1000',
    // Everything the functions can log is logged, so the secret scan sees all of it.
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
    POWERTOOLS_METRICS_NAMESPACE: 'ECSAutopilot',
  });
  let injected = 0;
  let injectedThrottles = 0;
  let msPerCall = 0;
  const check = sim.faults.check;
  const emitted: SimulatedAccount['emitted'] = [];
  sim.faults.check = (service, action, input) => {
    if (msPerCall > 0) vi.setSystemTime(Date.now() + msPerCall);
    if ((action === 'SendMessage' || action === 'PutEvents') && input)
      emitted.push({ action, input });
    const outcome = check(service, action, input);
    if (outcome.error || outcome.failItems || outcome.latencyMs > 0) injected += 1;
    if (outcome.error?.name === 'ThrottlingException') injectedThrottles += 1;
    return outcome;
  };
  const functions: FunctionName[] = [];
  return {
    sim,
    functions,
    emitted,
    container: async (fn) => {
      if (!functions.includes(fn)) functions.push(fn);
      const module = await importFreshContainer<{ handler: Handler }>(fn);
      return module.handler as Handler;
    },
    invoke: (handler, event, remainingMs = DEFAULT_REMAINING_MS) =>
      handler(event, createLambdaContext({ remainingMs })),
    // The ECS throttle buckets' own answers count too (they are throttles the account injects).
    faultsInjected: () => injected + sim.calls.throttled() - injectedThrottles,
    slowDown: (ms) => {
      msPerCall = ms;
    },
    queueBodies: (queue) => sim.account.queues.get(queue)?.messages.map((m) => m.body) ?? [],
  };
}
