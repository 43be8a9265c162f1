// Scenario 2: a graceful SIGTERM mid-batch lets the running jobs finish and exits within the grace
// period, with no stalled job left behind; with Redis down it still exits within grace + 2 s.
import { describe, expect, it } from 'vitest';
import type { BullDispatcher } from '../../src/queue/dispatcher.js';
import { writeReviews } from './data.js';
import { SCALE, Scenario, sleep } from './harness.js';
import { usePrivateServices } from './services.js';

const GRACE_MS = 5_000;
const services = usePrivateServices();

describe('graceful shutdown', () => {
  it('SIGTERM mid-batch finishes the running jobs, exits 0 in time and stalls nothing', async () => {
    const s = await Scenario.open('sigterm', services, { SHUTDOWN_TIMEOUT_MS: String(GRACE_MS) });
    try {
      const { path, ids } = writeReviews('sigterm', 0, SCALE.items);
      await s.pool.start(2);
      const runId = await s.ingest(path);
      const tag = (s.rt.dispatcher as BullDispatcher).queue('tag');
      const total = Math.ceil(SCALE.items / SCALE.batchSize);
      await s.waitForBatches(Math.ceil(total * 0.05));
      const stops: Array<{ ms: number; code: number | null; running: number; unfinished: number }> = [];
      for (let k = 0; k < SCALE.sigterms && (await s.doneBatches()) < total; k++) {
        // A worker that is running jobs right now.
        const active = await tag.getActive();
        const byPid = new Map<number, number[]>();
        for (const job of active) {
          const pid = Number(job.processedBy?.slice(job.processedBy.lastIndexOf('-') + 1));
          byPid.set(pid, [...(byPid.get(pid) ?? []), Number(job.data.batchId)]);
        }
        const [victim, batchIds] = [...byPid.entries()].find(([pid]) => s.pool.pids.includes(pid)) ?? [];
        if (victim === undefined || !batchIds) {
          await sleep(100);
          k--;
          continue;
        }
        const sent = Date.now();
        const exit = await s.pool.signal(victim, 'SIGTERM', GRACE_MS + 10_000);
        const unfinished = await s.rt.db
          .selectFrom('ingest_batches')
          .select('id')
          .where('id', 'in', batchIds)
          .where('state', '!=', 'done')
          .execute();
        stops.push({
          ms: Date.now() - sent,
          code: exit?.code ?? null,
          running: batchIds.length,
          unfinished: unfinished.length,
        });
        s.kills++;
        s.pool.spawn();
        await sleep(300);
      }
      await s.settle([runId]);
      const report = await s.report(ids);
      console.log(JSON.stringify({ scenario: 'sigterm stops', stops }));
      expect(stops.length).toBe(SCALE.sigterms);
      for (const stop of stops) {
        expect(stop).toMatchObject({ code: 0, unfinished: 0 });
        expect(stop.ms).toBeLessThanOrEqual(GRACE_MS + 2_000);
      }
      expect(report).toMatchObject({ lost: 0, duplicated: 0, agg_diff_rows: 0, failed_jobs: 0 });
      expect([report.stalled_events, report.redeliveries]).toEqual([0, 0]);
      expect(s.pool.stats.unhandled).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('with Redis down, SIGTERM still exits within the grace period; nothing is lost once Redis is back', async () => {
    const s = await Scenario.open('sigterm-redis-down', services, { SHUTDOWN_TIMEOUT_MS: String(GRACE_MS) });
    try {
      const { path, ids } = writeReviews('sigterm-redis-down', 0, SCALE.items);
      const [pid] = await s.pool.start(1);
      const runId = await s.ingest(path);
      await s.waitForBatches(Math.ceil(SCALE.items / SCALE.batchSize / 10));
      await services.redis.kill();
      const sent = Date.now();
      const exit = await s.pool.signal(pid!, 'SIGTERM', GRACE_MS + 10_000);
      const ms = Date.now() - sent;
      console.log(
        JSON.stringify({ scenario: 'sigterm while redis is down', exit_ms: ms, code: exit?.code ?? null }),
      );
      expect(exit).not.toBeNull();
      expect(ms).toBeLessThanOrEqual(GRACE_MS + 2_000);
      await services.redis.start();
      await s.pool.start(2);
      expect(await s.settle([runId])).toBe('done');
      const report = await s.report(ids);
      expect(report).toMatchObject({ lost: 0, duplicated: 0, agg_diff_rows: 0, failed_jobs: 0 });
    } finally {
      await s.close();
    }
  });
});
