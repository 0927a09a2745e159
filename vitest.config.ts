import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['fixtures/contract/**/*.test.ts'],
    globalSetup: ['fixtures/contract/global-setup.ts'],
    // The large fixture is 100,000 files; the reference backend spawns git for each call.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
