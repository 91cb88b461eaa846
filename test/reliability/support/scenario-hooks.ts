/**
 * Per-test hooks of the reliability scenarios: capture every output line, then scan logs, audit
 * events and dead letters for planted secrets, record the scan, and shut the account down.
 */
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { type FunctionName, recordFigure } from './figures.ts';
import { captureOutput, type OutputCapture } from './output-capture.ts';
import { findLeaks } from './planted-secrets.ts';
import {
  type AccountOptions,
  DEAD_LETTER_QUEUE,
  openAccount,
  type SimulatedAccount,
} from './simulated-account.ts';

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
 * line, no audit event and no dead letter outside the event or body it preserves (preserving it
 * verbatim is the dead-letter queue's job; the queue is SSE encrypted, as is the restart delay
 * queue, whose messages carry the overrides to rerun a task).
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
        ...account.sim.account.putEvents.map((event) => ({
          where: `audit event ${event.detailType}`,
          text: JSON.stringify(event),
        })),
        ...account.queueBodies(DEAD_LETTER_QUEUE).map((body) => ({
          where: 'dead letter (outside the preserved payload)',
          text: JSON.stringify(withoutPreservedPayload(body)),
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

/** A dead letter without the event or message body it preserves verbatim. */
function withoutPreservedPayload(body: string): unknown {
  try {
    const { event: _event, body: _body, ...rest } = JSON.parse(body) as Record<string, unknown>;
    return rest;
  } catch {
    return body;
  }
}
