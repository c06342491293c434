import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure logic and use cases over in-memory ports: no services, fast) and
// `integration` (real PostgreSQL and Redis, the whole service against local fakes of Slack,
// Discord and OpenAI). `npm test` runs both with coverage; `npm run test:unit` runs the first.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/generated/**'],
      reporter: ['text-summary', 'json-summary'],
      // The floor CI enforces: just under what the whole suite measured on 2026-12-04 (lines 90.3 %,
      // statements 88.3 %, functions 88.8 %, branches 81.5 %). Raise it as tests are added; never lower it to land a change.
      thresholds: { lines: 89, statements: 87, functions: 87, branches: 80 },
    },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], pool: 'threads' } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          pool: 'forks',
        },
      },
    ],
  },
});
