import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Scenario tests start the simulator and run the built bundles; give them room on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
    // A passing run prints the runner's report only: `console.*` of passing tests is dropped
    // (vitest's own option), and what the functions' loggers write straight to stdout / stderr
    // is held back by this setup file and printed only for a failing test.
    silent: 'passed-only',
    setupFiles: ['test/support/capture-function-logs.ts'],
    allowOnly: false,
    restoreMocks: true,
  },
});
