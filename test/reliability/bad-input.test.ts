import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadFixture } from '../support/fixtures.ts';
import { loadBadDelayQueueBatch, loadBadInputs } from './support/bad-input-corpus.ts';
import { type FunctionName, recordFigure } from './support/figures.ts';
import { captureOutput, type OutputCapture } from './support/output-capture.ts';
import { findLeaks } from './support/planted-secrets.ts';
import {
  failJobs,
  RESTART_POLICY,
  RESTART_SCENARIO,
  startJobs,
} from './support/restart-account.ts';
import { takeStoppedEvents } from './support/restart-driver.ts';
import {
  DEAD_LETTER_QUEUE,
  type Handler,
  openAccount,
  type SimulatedAccount,
} from './support/simulated-account.ts';

/** SQS's message size limit; a dead letter above it could not be preserved. */
const maxMessageBytes = 262_144;

/** Each function, and a valid event for it on the account below. */
const functions: [FunctionName, (account: SimulatedAccount) => Promise<unknown>][] = [
  [
    'restart-task',
    async ({ sim }) => {
      failJobs(sim, await startJobs(sim, 1));
      return takeStoppedEvents(sim)[0];
    },
  ],
  ['prune-task-definitions', async () => loadFixture('scheduled-event-prune.json')],
  ['scale-services', async () => loadFixture('scheduled-event-scale.json')],
];

const policy = {
  restart: RESTART_POLICY,
  prune: { dryRun: false },
  scale: {
    services: [{ match: { service: '*' }, max: 10, metrics: [{ kind: 'cpu', targetPercent: 50 }] }],
  },
};

describe.each(functions)('%s given bad input', (fn, validEvent) => {
  let account: SimulatedAccount;
  let handler: Handler;
  let capture: OutputCapture;

  beforeAll(async () => {
    account = await openAccount({ scenario: RESTART_SCENARIO, policy });
    handler = await account.container(fn);
  });
  afterAll(async () => {
    await account.sim.close();
    vi.useRealTimers();
  });
  beforeEach(() => {
    capture = captureOutput();
  });
  afterEach(() => capture.stop());

  const deadLetters = () => account.queueBodies(DEAD_LETTER_QUEUE);

  it.for(
    loadBadInputs(),
  )('answers $name with a named error, no AWS call, and the payload preserved', async (input, {
    task,
  }) => {
    // Prepare
    const calls = account.sim.calls.all.length;
    const letters = deadLetters().length;
    // Act: a throw would make Lambda retry; the answer must be final.
    const answer = (await account.invoke(handler, input.payload())) as {
      status: string;
      issues: string[];
      preserved: boolean;
    };
    // Assess: a structured answer naming the problem, on one line each, no value echoed.
    expect(answer).toMatchObject({ status: 'invalid-event', preserved: true });
    expect(answer.issues.length).toBeGreaterThan(0);
    const pattern = input.names[fn];
    if (pattern)
      expect(
        answer.issues.some((issue) => pattern.test(issue)),
        answer.issues[0],
      ).toBe(true);
    // Nothing but the dead letter was sent: no read, no write.
    const sent = account.sim.calls.all.slice(calls);
    expect(sent.map((c) => `${c.service}:${c.action}`)).toEqual(['sqs:SendMessage']);
    // The payload is preserved verbatim, within SQS's size limit, beside the issues.
    const [letter = ''] = deadLetters().slice(letters);
    expect(Buffer.byteLength(letter)).toBeLessThanOrEqual(maxMessageBytes);
    expect(JSON.parse(letter)).toEqual({
      reason: 'invalid-event',
      issues: answer.issues,
      event: input.payload(),
    });
    // Logged as an error within CloudWatch's event size, and nothing secret in the output.
    const lines = capture.lines();
    expect(lines.some((line) => line.includes('"invalid event: not acted on"'))).toBe(true);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(maxMessageBytes);
    expect(findLeaks(lines.map((text) => ({ where: 'output', text })))).toEqual([]);
    recordFigure(task, {
      function: fn,
      category: 'bad-input',
      scenario: input.name,
      runs: 1,
      awsWrites: sent.length - 1,
    });
  });

  it('still acts on a valid event afterwards, in the same container', async () => {
    // Act
    const answer = await account.invoke(handler, await validEvent(account));
    // Assess: a normal answer (restart: the failed job's restart is scheduled).
    expect(answer).not.toMatchObject({ status: 'invalid-event' });
    if (fn === 'restart-task') expect(answer).toMatchObject({ action: 'delayed' });
  });
});

describe('restart-task given delay-queue bodies that are not restart messages', () => {
  it('preserves each body on the dead-letter queue and acks the batch', async ({ task }) => {
    // Prepare
    const account = await openAccount({ scenario: {}, policy });
    const handler = await account.container('restart-task');
    const batch = loadBadDelayQueueBatch() as { Records: { body: string; messageId: string }[] };
    // Act
    const answer = await account.invoke(handler, batch);
    // Assess: no redelivery loop (nothing left to retry), every body kept as it was.
    expect(answer).toEqual({ batchItemFailures: [] });
    const letters = account.queueBodies(DEAD_LETTER_QUEUE).map((body) => JSON.parse(body));
    expect(letters.map((l) => [l.reason, l.messageId, l.body])).toEqual(
      batch.Records.map((r) => ['invalid-delayed-restart', r.messageId, r.body]),
    );
    expect(account.sim.calls.all.every((c) => c.action === 'SendMessage')).toBe(true);
    recordFigure(task, {
      function: 'restart-task',
      category: 'bad-input',
      scenario: 'delay-queue batch of 3 bodies that are not restart messages',
      runs: 1,
      awsWrites: 0,
    });
    await account.sim.close();
    vi.useRealTimers();
  });
});
