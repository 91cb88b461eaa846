#!/usr/bin/env node
/**
 * The `ecs-autopilot` command (package.json `bin`). Plain JavaScript, so that whichever Node.js
 * starts it (the one that ran `npm ci`, through `npm link` or `npm exec --prefix` from outside the
 * repository) can: on a Node.js that strips TypeScript types it imports cli/main.ts directly,
 * otherwise it runs cli/main.ts on the project's own Node.js 22 (node_modules/.bin/node).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('main.ts', import.meta.url);

if (process.features.typescript) {
  await import(main.href);
} else {
  const projectNode = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url));
  if (!existsSync(projectNode)) {
    const root = fileURLToPath(new URL('..', import.meta.url));
    console.error(`ecs-autopilot: Node.js 22 is not installed yet: run npm ci in ${root}`);
    process.exit(1);
  }
  const args = [fileURLToPath(main), ...process.argv.slice(2)];
  const child = spawnSync(projectNode, args, { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
}
