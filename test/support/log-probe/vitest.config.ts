import { defineConfig } from 'vitest/config';
import base from '../../../vitest.config.ts';

/** The project's test configuration, on the probe file only and without the bundle build. */
export default defineConfig({
  test: { ...base.test, include: ['test/support/log-probe/*.probe.ts'], globalSetup: [] },
});
