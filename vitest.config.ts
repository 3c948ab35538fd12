import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@catena/linalg': src('./packages/linalg/src/index.ts'),
      '@catena/engine': src('./packages/engine/src/index.ts'),
      '@catena/store': src('./packages/store/src/index.ts'),
      '@catena/jobs': src('./packages/jobs/src/index.ts'),
      '@catena/server': src('./packages/server/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './scripts/summary-reporter.ts'],
    env: { CATENA_QUIET_LINALG: '1' },
  },
});
