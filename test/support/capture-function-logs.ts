/**
 * A vitest setup file: holds back what the functions write to stdout and stderr during a test and
 * prints it only when that test fails, so a passing `npm test` shows the runner's report alone.
 *
 * Powertools' logger and metrics write through their own `new Console(process.stdout)` (not the
 * global console, unless POWERTOOLS_DEV is set, which also pretty-prints and would hide the lines
 * from the tests that read them), so vitest's `silent: 'passed-only'` cannot see them: it only
 * covers `console.*`. The streams' `write` is wrapped instead. Tests that capture the streams
 * themselves still do: they save and restore whatever `write` is current, this wrapper included.
 */
import { afterAll, beforeEach } from 'vitest';

type Write = typeof process.stdout.write;
type Held = { stream: 'stdout' | 'stderr'; text: string };

const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
/** What hooks outside a test (beforeAll, module load) wrote: shown with the first failure. */
let outsideTests: Held[] = [];
let held: Held[] = outsideTests;

function holdingWrite(stream: Held['stream']): Write {
  return ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    held.push({ stream, text });
    // A callback passed to write() expects to be called once the text is flushed.
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as Write;
}

function replay(title: string, lines: readonly Held[]): void {
  if (lines.length === 0) return;
  originals.stderr.call(process.stderr, `\n--- output of ${title} (held back while passing) ---\n`);
  // All on stderr, in the order written: two streams would interleave out of order.
  for (const { text } of lines) originals.stderr.call(process.stderr, text);
  originals.stderr.call(process.stderr, `--- end of output of ${title} ---\n`);
}

// Installed when the setup file loads, before the test file's imports run; undone after it.
process.stdout.write = holdingWrite('stdout');
process.stderr.write = holdingWrite('stderr');

beforeEach(({ task, onTestFailed, onTestFinished }) => {
  outsideTests = held;
  held = [];
  const mine = held;
  onTestFailed(() => {
    replay('hooks outside tests', outsideTests.splice(0));
    replay(`"${task.name}"`, mine);
  });
  onTestFinished(() => {
    held = outsideTests;
  });
});

afterAll(() => {
  process.stdout.write = originals.stdout;
  process.stderr.write = originals.stderr;
});
