/**
 * Per-test hooks of the reliability scenarios: capture every output line, then scan logs, audit
 * events and dead letters for planted secrets, record the scan, and shut the account down.
 */
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { type FunctionName, recordFigure } from './figures.ts';
import { captureOutput, type OutputCapture } from './output-capture.ts';
import { findLeaks } from './planted-secrets.ts';
import { type AccountOptions, openAccount, type SimulatedAccount } from './simulated-account.ts';

/** What a scenario file gets from {@link installScenarioHooks}. */
export type ScenarioHooks = {
  /** Opens this test's account; the hooks scan and close it after the test. */
  open: (options: AccountOptions) => Promise<SimulatedAccount>;
  /** Output lines (logs, EMF metrics) captured so far in this test. */
  output: () => string[];
};

/**
 * Installs the hooks for a file of scenarios (about `fn`, or about the first function whose
 * container each test starts). After each test, the planted secrets must appear in no output
 * line, no audit event sent and no queue message sent, except in what a message must carry:
 * the event or body a dead letter preserves verbatim, and the overrides and tags a delayed
 * restart needs to run the task again (both queues are SSE encrypted).
 */
export function installScenarioHooks(fn?: FunctionName): ScenarioHooks {
  let capture: OutputCapture | undefined;
  let account: SimulatedAccount | undefined;
  beforeEach(() => {
    capture = captureOutput();
  });
  afterEach(async (context) => {
    capture?.stop();
    const lines = capture?.lines() ?? [];
    try {
      if (account === undefined) return;
      const texts = [
        ...lines.map((text) => ({ where: 'output', text })),
        ...account.emitted.map(({ action, input }) => ({
          where:
            action === 'PutEvents'
              ? 'audit events'
              : `queue ${String(input.QueueUrl).split('/').pop()}`,
          text: JSON.stringify(
            action === 'PutEvents' ? input : withoutRequiredPayload(String(input.MessageBody)),
          ),
        })),
      ];
      const leaks = findLeaks(texts);
      recordFigure(context.task, {
        function: fn ?? account.functions[0] ?? 'restart-task',
        category: 'secret-scan',
        scenario: context.task.name,
        linesScanned: lines.length,
        messagesScanned: texts.length - lines.length,
        leaks: leaks.length,
      });
      expect(leaks, 'planted secrets found in what the function emitted').toEqual([]);
    } finally {
      if (context.task.result?.state === 'fail') process.stderr.write(`${lines.join('\n')}\n`);
      await account?.sim.close();
      account = undefined;
      vi.useRealTimers();
    }
  });
  return {
    open: async (options) => {
      account = await openAccount(options);
      return account;
    },
    output: () => capture?.lines() ?? [],
  };
}

/**
 * A queue message without what it must carry verbatim: a dead letter's preserved event or body,
 * a delayed restart's RunTask overrides and copied tags (the restarted task needs them).
 */
function withoutRequiredPayload(body: string): unknown {
  try {
    const { event: _event, body: _body, ...rest } = JSON.parse(body) as Record<string, unknown>;
    const input = rest.runTaskInput as Record<string, unknown> | undefined;
    if (input === undefined) return rest;
    const { overrides: _overrides, tags: _tags, ...kept } = input;
    return { ...rest, runTaskInput: kept };
  } catch {
    return body;
  }
}
