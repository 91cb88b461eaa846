import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Scenario tests start the simulator and run the built bundles; give them room on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
    allowOnly: false,
    restoreMocks: true,
  },
});
