import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs the `unit` project first (seconds, stops on a failure), then `infra` and `system`
 * together. `npx vitest run` runs all three. The whole-system resilience suite has its own config
 * (`npm run test:resilience`).
 */
export default defineConfig({
  test: {
    // Hang guards, not budgets: on a busy 2-core machine one npm start, a synth or a browser page can
    // take several times its usual time, and a test waits on states, so only a real hang reaches these.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        // CDK assertion tests only build construct trees: nothing global to leak between files, and
        // sharing one aws-cdk-lib import per worker saves most of their time (41 s -> 15 s measured).
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        // Everything else, so that a new test folder is never left out: the in-process engines, the
        // state machine paths, and `npm start` in its own process driven over HTTP and in chromium.
        test: {
          name: 'system',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', 'test/infra/**', 'test/resilience/**', 'node_modules/**'],
        },
      },
    ],
  },
});
