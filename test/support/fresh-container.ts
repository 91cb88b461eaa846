/**
 * A fresh Lambda container for a built function bundle: its own copy of the entry and every chunk.
 * A chunk is one module per URL in a process, so importing `index.mjs?container=N` alone would give
 * each "container" a new entry but the same shared chunks, and a chunk that the entry and an
 * on-demand chunk share (the SDK clients, the pacer) holds state a real container never inherits
 * from another. The copies go under node_modules/.cache, which Vitest imports natively (it
 * transforms project files, about 0.4 s per container); they are the files `serverless package`
 * zips.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '../..');
const cache = join(root, 'node_modules/.cache/ecs-autopilot-containers');
let containers = 0;

/**
 * Imports a copy of `dist/<fn>/` that no other container shares.
 *
 * @returns the bundle's module (its `handler`).
 */
export async function importFreshContainer<T = { handler: unknown }>(fn: string): Promise<T> {
  containers += 1;
  const source = join(root, 'dist', fn);
  const target = join(cache, `${process.pid}-${containers}-${fn}`);
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(source).filter((name) => name.endsWith('.mjs'))) {
    copyFileSync(join(source, file), join(target, file));
  }
  return (await import(pathToFileURL(join(target, 'index.mjs')).href)) as T;
}

/**
 * Removes the copies of test processes that are gone (Vitest ends its workers without an `exit`
 * event, so a process cannot remove its own).
 */
function removeCopiesOfEndedProcesses(): void {
  if (!existsSync(cache)) return;
  for (const copy of readdirSync(cache)) {
    const pid = Number(copy.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) {
      rmSync(join(cache, copy), { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

removeCopiesOfEndedProcesses();
