/**
 * Prints the playground's story: one line per thing that happened, stamped with the simulated
 * time since the story began (the clock jumps over waits, so ten minutes pass in seconds).
 */

const started = Date.now();
const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) =>
  useColour ? `\u001b[${code}m${text}\u001b[0m` : text;

export const colours = {
  dim: (text: string) => paint(2, text),
  bold: (text: string) => paint(1, text),
  green: (text: string) => paint(32, text),
  yellow: (text: string) => paint(33, text),
  red: (text: string) => paint(31, text),
  cyan: (text: string) => paint(36, text),
};

/** Simulated milliseconds since the story began. */
export function simulatedElapsedMs(): number {
  return Date.now() - started;
}

/** `+m:ss` of simulated time. */
export function formatSimulatedTime(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `+${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function stamp(): string {
  return colours.dim(`[${formatSimulatedTime(simulatedElapsedMs()).padStart(6, ' ')}]`);
}

/** The line that says what the time column is. */
export function explainTimeColumn(): void {
  console.log(
    colours.dim(
      '[+m:ss] is simulated time since the story began: the clock jumps over backoffs and windows.',
    ),
  );
}

/** A section heading. */
export function chapter(title: string): void {
  console.log(`\n${colours.bold(title)}`);
}

/** One event of the timeline: who acted, and what happened and why. */
export function say(actor: string, text: string): void {
  console.log(`${stamp()} ${colours.cyan(actor.padEnd(22, ' '))} ${text}`);
}

/** A detail line under the previous event. */
export function detail(text: string): void {
  console.log(`${' '.repeat(32)}${colours.dim(text)}`);
}

/** The policy a chapter runs under, one line per setting. */
export function policyInForce(lines: readonly string[]): void {
  for (const [index, line] of lines.entries()) {
    console.log(`${' '.repeat(9)}${colours.dim(index === 0 ? 'policy   ' : '         ')}${line}`);
  }
}
