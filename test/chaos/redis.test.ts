// Scenario 3: Redis killed (no persistence, so its queues are gone) and restarted mid-run, and
// Redis wiped with FLUSHALL mid-run. Postgres is the system of record: the reconciler in every
// worker re-enqueues what is not done, and nothing is lost or counted twice.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { writeReviews } from './data.js';
import { SCALE, Scenario, sleep } from './harness.js';
import { usePrivateServices } from './services.js';

const services = usePrivateServices();

const total = Math.ceil(SCALE.items / SCALE.batchSize);

describe('Redis outages', () => {
  it('Redis killed and restarted twice mid-run: the reconciler brings back every batch', async () => {
    const s = await Scenario.open('redis-kill', services);
    try {
      const { path, ids } = writeReviews('redis-kill', 0, SCALE.items);
      await s.pool.start(2);
      const runId = await s.ingest(path);
      for (const share of [0.2, 0.5]) {
        await s.waitForBatches(Math.ceil(total * share));
        await services.redis.kill();
        await sleep(2_000);
        await services.redis.start();
      }
      expect(await s.settle([runId])).toBe('done');
      const report = await s.report(ids);
      expect(report).toMatchObject({
        redis_crashes: 2,
        lost: 0,
        duplicated: 0,
        agg_diff_rows: 0,
        failed_jobs: 0,
      });
      expect(s.pool.stats.unhandled).toEqual([]);
      // The same worker processes carried on after both crashes: none exited.
      expect(s.pool.exits).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('FLUSHALL mid-run: every batch is re-enqueued from Postgres', async () => {
    const s = await Scenario.open('redis-flushall', services);
    const admin = new Redis(services.redis.url, { maxRetriesPerRequest: null });
    try {
      const { path, ids } = writeReviews('redis-flushall', 0, SCALE.items);
      await s.pool.start(2);
      const runId = await s.ingest(path);
      await s.waitForBatches(Math.ceil(total * 0.3));
      const before = await s.doneBatches();
      await admin.flushall();
      expect(await s.settle([runId])).toBe('done');
      const report = await s.report(ids);
      console.log(
        JSON.stringify({ scenario: 'redis-flushall', batches_done_at_flush: before, batches: total }),
      );
      expect(before).toBeLessThan(total);
      expect(report).toMatchObject({ lost: 0, duplicated: 0, agg_diff_rows: 0, failed_jobs: 0 });
      expect(s.pool.stats.unhandled).toEqual([]);
    } finally {
      admin.disconnect();
      await s.close();
    }
  });
});
