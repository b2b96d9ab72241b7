import { defineConfig } from 'vitest/config';

// One config for the whole monorepo: every package keeps its tests in test/.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Tests spawn real toolchains; two cores, so keep file parallelism modest.
    maxWorkers: 2,
    // clipanion's ESM build imports a directory, which Node's loader refuses; let vite bundle it.
    server: { deps: { inline: ['clipanion'] } },
  },
});
