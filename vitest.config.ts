import { defineConfig } from 'vitest/config';

// Workspace packages export a `source` condition pointing at their TypeScript, so tests run
// against src/ without a build; processes spawned by e2e tests use the built dist/ (npm test builds).
export default defineConfig({
  resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'], externalConditions: ['source'] } },
  test: {
    include: ['{schemas,instrumentation,collector,analyzer,cli,test,dashboard,fake-api}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['test/setup/global-setup.ts'],
    // Tests reach loopback only: no service they start polls the public status page (a test that
    // wants a feed passes --status-feed with a local fake one).
    env: { CE_STATUS_FEED: 'off' },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
