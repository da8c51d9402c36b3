import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // two at a time on a 2-core machine: many suites wait on child processes (builds, Chromium, Wine)
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
