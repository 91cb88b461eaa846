/** Prints the playground's story: one line per thing that happened, with the time it happened. */

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

function stamp(): string {
  const seconds = (Date.now() - started) / 1000;
  return colours.dim(`[${seconds.toFixed(1).padStart(5, ' ')}s]`);
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
  console.log(`${' '.repeat(31)}${colours.dim(text)}`);
}
