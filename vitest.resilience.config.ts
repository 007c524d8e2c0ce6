import { defineConfig } from 'vitest/config';

/** `npm run test:resilience`: the product under hostile input, double clicks, crashes and faults. */
export default defineConfig({
  test: {
    include: ['test/resilience/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Each file runs its own `npm start`; one at a time keeps the 2-core machine honest.
    fileParallelism: false,
  },
});
