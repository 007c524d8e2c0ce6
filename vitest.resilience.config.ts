import { defineConfig } from 'vitest/config';

/** `npm run test:resilience`: the product under hostile input, double clicks, crashes and faults. */
export default defineConfig({
  test: {
    include: ['test/resilience/**/*.test.ts'],
    // Hang guards, not budgets: a hundred onboardings through a kill -9 on a busy 2-core machine.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // Each file runs its own `npm start`; one at a time keeps the 2-core machine honest.
    fileParallelism: false,
  },
});
