import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a fixture from `events/` as a fresh deep copy, so a test can never change another's input. */
export function loadFixture<T = unknown>(name: string): T {
  const path = fileURLToPath(new URL(`../../events/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
