import { defineConfig } from 'vitest/config';

// `npm test` runs the three core chaos scenarios CI-sized (all eight take over 4 minutes);
// CHAOS_SCALE=ci runs all of them CI-sized and CHAOS_SCALE=full (`npm run test:chaos`) full-sized.
const CHAOS_IN_NPM_TEST = [
  'test/chaos/kills.test.ts',
  'test/chaos/redis.test.ts',
  'test/chaos/postgres.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Pure, but some load the clause model or draw 100 bootstraps: on a loaded 2-core machine the
          // default 5 s was hit by four of them (2–12 s). Timeouts catch hangs, not slowness.
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          // Generous: the CLI tests start processes (tsx), and on a loaded 2-core machine the zero-setup
          // demo alone took 67–77 s. Timeouts catch hangs; speed is measured by the benches, not here.
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // Each file gets its own database and queue prefix; two at a time suits a 2-core machine.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          // Real worker processes, SIGKILLs, Redis and Postgres crashes on private instances that
          // each file starts itself (never the shared ones other tests use).
          name: 'chaos',
          include: process.env.CHAOS_SCALE ? ['test/chaos/**/*.test.ts'] : CHAOS_IN_NPM_TEST,
          environment: 'node',
          testTimeout: 900_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
