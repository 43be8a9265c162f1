// Scenario 4: Postgres stopped (immediate, every connection cut) and restarted mid-run: twice for
// about 3 s and once for 15 s. Outage errors pause the queues without using up attempts, no process
// crashes, and jobs complete again soon after Postgres is back. (The API's 503 during an outage is
// tested in test/integration/api-outage.test.ts.)
import { describe, expect, it } from 'vitest';
import { writeReviews } from './data.js';
import { SCALE, Scenario, sleep } from './harness.js';
import { usePrivateServices } from './services.js';

const services = usePrivateServices();

describe('Postgres restarts', () => {
  it('pause the workers without using attempts, and work resumes within 10 s each time', async () => {
    const s = await Scenario.open('postgres-restart', services);
    try {
      const { path, ids } = writeReviews('postgres-restart', 0, SCALE.items);
      await s.pool.start(2);
      const runId = await s.ingest(path);
      const total = Math.ceil(SCALE.items / SCALE.batchSize);
      const resumes: number[] = [];
      for (const [share, downMs] of [
        [0.15, 3_000],
        [0.35, 3_000],
        [0.55, 15_000],
      ] as const) {
        await s.waitForBatches(Math.ceil(total * share));
        await services.pg.crash();
        await sleep(downMs);
        await services.pg.start();
        const back = Date.now();
        const completedBefore = s.pool.stats.completed;
        while (s.pool.stats.completed === completedBefore && Date.now() - back < 30_000) await sleep(50);
        resumes.push((s.pool.stats.lastCompletedAt - back) / 1000);
      }
      expect(await s.settle([runId])).toBe('done');
      const report = await s.report(ids);
      console.log(
        JSON.stringify({
          scenario: 'postgres-restart',
          resume_s: resumes,
          infra_pauses: s.pool.stats.infraPauses,
          max_attempt: s.pool.stats.maxAttempt,
        }),
      );
      expect(report).toMatchObject({
        pg_crashes: 3,
        lost: 0,
        duplicated: 0,
        agg_diff_rows: 0,
        failed_jobs: 0,
      });
      // The outages were seen, and none of them used up an attempt.
      expect(s.pool.stats.infraPauses).toBeGreaterThan(0);
      expect(s.pool.stats.maxAttempt).toBe(1);
      for (const resume of resumes) expect(resume).toBeLessThanOrEqual(10);
      expect(s.pool.stats.unhandled).toEqual([]);
      expect(s.pool.exits).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
