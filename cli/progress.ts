import type { CallStats } from '../shared/aws/pacer.ts';

/** Reports a long inventory scan on stderr while it runs. */
export type Progress = {
  /** Names the step now running (`listing task definitions, services, tasks and schedules`). */
  step: (text: string) => void;
  /** Stops reporting and prints one closing line with the calls made (`done` or `failed`). */
  done: (outcome?: 'done' | 'failed') => void;
  /** Runs a scan, then closes the line: `done`, or `failed` when the scan throws. */
  track: <T>(scan: () => Promise<T>) => Promise<T>;
};

export type ProgressOptions = {
  stderr: { write: (text: string) => void; isTTY: boolean };
  /** Nothing at all is written (`--quiet`). */
  quiet: boolean;
  /** The pacer's counters: every AWS call attempt, retries included. */
  stats: () => CallStats;
  /** Milliseconds since some fixed point; the wall clock by default. */
  clock?: () => number;
};

// A terminal gets a live line; a log gets a line now and then, not a flood.
const ttyIntervalMs = 250;
const logIntervalMs = 10_000;

/**
 * Starts reporting progress from the pacer's call counters: on a terminal one line rewritten in
 * place (step, calls so far, throttled calls, seconds); elsewhere (CI logs, files) a line per
 * step and one every 10 seconds. Everything goes to stderr so stdout stays the result alone.
 *
 * @returns the reporter; call `done()` once the scan is over (it also stops the timer).
 */
export function startProgress(options: ProgressOptions): Progress {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const { stderr, quiet } = options;
  let current = 'starting';
  const status = () => {
    const { calls, throttled } = options.stats();
    const total = sum(calls);
    const slowed = sum(throttled);
    const seconds = Math.round((clock() - started) / 1000);
    const throttleText = slowed > 0 ? `, ${slowed} throttled` : '';
    return `${current}: ${total} AWS call(s)${throttleText}, ${seconds}s`;
  };
  const show = () => {
    if (quiet) return;
    stderr.write(stderr.isTTY ? `\r\x1b[K${status()}` : `${status()}\n`);
  };
  const timer = setInterval(show, stderr.isTTY ? ttyIntervalMs : logIntervalMs);
  // Progress must never keep the process alive on its own.
  timer.unref();
  const done = (outcome: 'done' | 'failed' = 'done') => {
    clearInterval(timer);
    if (quiet) return;
    current = outcome;
    stderr.write(stderr.isTTY ? `\r\x1b[K${status()}\n` : `${status()}\n`);
  };
  return {
    step: (text) => {
      current = text;
      show();
    },
    done,
    track: async (scan) => {
      try {
        const result = await scan();
        done();
        return result;
      } catch (error) {
        done('failed');
        throw error;
      }
    },
  };
}

function sum(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}
