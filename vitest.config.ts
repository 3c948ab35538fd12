import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run in Node: the Node entries (native linear algebra, readers from paths).
    alias: [
      { find: /^@catena\/linalg$/, replacement: src('./packages/linalg/src/node.ts') },
      { find: /^@catena\/engine$/, replacement: src('./packages/engine/src/index.ts') },
      { find: /^@catena\/engine\/node$/, replacement: src('./packages/engine/src/node.ts') },
      { find: /^@catena\/store$/, replacement: src('./packages/store/src/index.ts') },
      { find: /^@catena\/jobs$/, replacement: src('./packages/jobs/src/index.ts') },
      { find: /^@catena\/server$/, replacement: src('./packages/server/src/index.ts') },
    ],
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
