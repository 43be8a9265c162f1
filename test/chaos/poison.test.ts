// Scenario 6: one poison item in 10,000: its id is too long for any btree index row, which the
// parser and the durable batch accept but the item write refuses (54000). The batch is written again
// item by item: the poison item lands in ingest_errors with its record number, the other 9,999 land,
// no job fails and the queue drains.
import { describe, expect, it } from 'vitest';
import type { BullDispatcher } from '../../src/queue/dispatcher.js';
import { QUEUES } from '../../src/queue/jobs.js';
import { reviewId, writeReviews } from './data.js';
import { Scenario } from './harness.js';
import { usePrivateServices } from './services.js';

const ITEMS = 10_000;
const POISON = 4_321;
const services = usePrivateServices();

describe('a poison item', () => {
  it('is recorded in ingest_errors while the other 9,999 land and the queue drains', async () => {
    const s = await Scenario.open('poison', services);
    try {
      const { path, ids } = writeReviews('poison', 0, ITEMS, { poison: POISON });
      await s.pool.start(2);
      const runId = await s.ingest(path);
      expect(await s.settle([runId])).toBe('done');
      const report = await s.report(ids);
      expect(report).toMatchObject({ lost: 0, duplicated: 0, agg_diff_rows: 0, failed_jobs: 0, dlq_rows: 1 });
      const errors = await s.rt.db
        .selectFrom('ingest_errors')
        .select(['kind', 'record', 'ref', 'code'])
        .execute();
      // Record numbers are 1-based: review i is record i + 1.
      expect(errors).toEqual([
        {
          kind: 'rejected',
          record: POISON + 1,
          ref: reviewId(POISON, { poison: POISON }),
          code: 'unstorable_value',
        },
      ]);
      const run = await s.rt.db
        .selectFrom('ingest_runs')
        .selectAll()
        .where('id', '=', runId)
        .executeTakeFirstOrThrow();
      expect(run).toMatchObject({ state: 'done', valid: ITEMS - 1, inserted: ITEMS - 1, rejected: 1 });
      const dispatcher = s.rt.dispatcher as BullDispatcher;
      for (const queue of QUEUES) {
        const counts = await dispatcher.queue(queue).getJobCounts('waiting', 'active', 'delayed', 'failed');
        expect({ queue, ...counts }).toEqual({ queue, waiting: 0, active: 0, delayed: 0, failed: 0 });
      }
      expect(s.pool.stats.unhandled).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
