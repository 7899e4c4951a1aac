import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: the unit tests, and tests/integration/, which drive the real
// tools (npm, the ESLint CLI, git with lint-staged) against the packed
// tarball. The integration project's global setup packs and installs once per
// run, and only when an integration test is queued, so `vitest run tests/rules`
// does not pay for it.
//
// The minimal reporter keeps a passing run short: it prints failed files and
// tests only (with their errors and console output), then the summary with the
// counts. `--reporter=default` lists every file.
export default defineConfig({
  test: {
    reporters: ['minimal'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/integration/**'],
        },
      },
      {
        // The syntactic rule suites again, with type information.
        extends: true,
        test: {
          name: 'typed',
          include: ['tests/rules/no-iterator-outlives-pool/**/*.test.ts', 'tests/rules/no-pool-used-after-close/**/*.test.ts'],
          exclude: [
            ...configDefaults.exclude,
            'tests/rules/no-iterator-outlives-pool/js-parser.test.ts',
            // Counts calls, which the typed run's parser does not change.
            'tests/rules/no-pool-used-after-close/shared-analysis.test.ts',
          ],
          env: { POOL_LIFETIME_TYPED: '1' },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
