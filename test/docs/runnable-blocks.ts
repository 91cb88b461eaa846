/**
 * The shell blocks of the README and docs/ marked to be run: a fence whose info string is
 * `bash runnable`. A block may be followed at once by a ```text block: the output it shows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type RunnableBlock = {
  page: string;
  /** 1-based line of the opening fence. */
  line: number;
  script: string;
  /** The output the page shows right after the block, if it does. */
  shownOutput: string | undefined;
};

/** The pages searched: the README and every page of docs/. */
export function documentationPages(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs.sort()];
}

/** Every runnable block of one page, in order. */
export function listRunnableBlocks(root: string, page: string): RunnableBlock[] {
  const lines = readFileSync(join(root, page), 'utf8').split('\n');
  // Fences may be indented (a block inside a list item); the closing one is the next bare fence.
  const closing = (from: number) => {
    const found = lines.findIndex((line, at) => at >= from && line.trim() === '```');
    if (found < 0) throw new Error(`${page}:${from}: a code block is never closed`);
    return found;
  };
  const dedent = (text: string[]) => {
    const indent = Math.min(...text.filter((l) => l.trim() !== '').map((l) => l.search(/\S/)));
    return text.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
  };
  const blocks: RunnableBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index]?.trim() !== '```bash runnable') continue;
    const end = closing(index + 1);
    const script = dedent(lines.slice(index + 1, end));
    let shownOutput: string | undefined;
    if (lines[end + 1]?.trim() === '```text') {
      const outputEnd = closing(end + 2);
      shownOutput = dedent(lines.slice(end + 2, outputEnd));
    }
    blocks.push({ page, line: index + 1, script, shownOutput });
    index = end;
  }
  return blocks;
}

/**
 * Text with what legitimately changes between runs made equal: ids and hashes, numbers (counts,
 * seconds, ports) and runs of spaces (table alignment follows the widths).
 */
export function normalizeOutput(text: string): string[] {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/\b[0-9a-f]{8}[0-9a-f-]*\b/g, '<id>')
        .replace(/\d+(\.\d+)?/g, '#')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((line) => line.length > 0);
}
