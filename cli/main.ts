#!/usr/bin/env node
/**
 * The operator CLI's entry point (`npx ecs-autopilot …`). Runs on the Node.js 22 that `npm ci`
 * installs (it strips TypeScript types natively); see run-cli.ts for the commands.
 */
import { createProcessIo } from './cli-io.ts';
import { runCli } from './run-cli.ts';

// exitCode, not exit(): a large --json output on a pipe is flushed before the process ends.
process.exitCode = await runCli(process.argv.slice(2), createProcessIo());
