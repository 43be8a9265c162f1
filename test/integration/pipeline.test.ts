// A CSV through the real queues (BullMQ on Redis) into items, mentions and pain_point_daily (Postgres).

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, Worker } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleJob } from '../../src/pipeline/handlers.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { reconcile } from '../../src/pipeline/reconcile.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import type { BullDispatcher } from '../../src/queue/dispatcher.js';
import { jobsForParsedRun } from '../../src/queue/graph.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import {
  closeTestRuntime,
  createTestDb,
  silentLog,
  startTestWorkers,
  type TestDb,
  testConfig,
  waitFor,
} from './helpers.js';

const FILE = 'fixtures/surveys/nps-march.csv';
const options = { columns: { ratingScale: 'nps' as const } };

let t: TestDb;
let rt: Runtime;
let workers: Worker[];

beforeAll(async () => {
  t = await createTestDb();
  rt = await createRuntime(testConfig({}, t.url), { role: 'worker', name: 'painmap-test', log: silentLog });
  workers = startTestWorkers(rt);
});

afterAll(async () => {
  await closeTestRuntime(rt, workers);
  await t.drop();
});

const count = async (table: 'feedback_items' | 'feedback_mentions' | 'ingest_batches') =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n;

describe('a survey CSV through the queues', () => {
  let runId: number;

  it('lands the good rows and reports each bad one with its record number', async () => {
    const result = await ingestFile(rt, { path: FILE, options });
    runId = result.runId;
    expect(result).toMatchObject({ created: true, state: 'queued', format: 'generic-csv' });
    expect(result.counts).toEqual({ records: 11, items: 7, rejected: 2, skipped: 1, duplicates: 1 });
    await waitForRuns(rt, [runId], { timeoutMs: 30_000 });

    const run = await rt.db
      .selectFrom('ingest_runs')
      .selectAll()
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({
      state: 'done',
      valid: 7,
      inserted: 7,
      rejected: 2,
      skipped: 1,
      duplicates: 1,
    });
    const errors = await rt.db
      .selectFrom('ingest_errors')
      .select(['kind', 'record', 'code'])
      .orderBy('record')
      .execute();
    expect(errors).toEqual([
      { kind: 'rejected', record: 5, code: 'invalid_date' },
      { kind: 'rejected', record: 8, code: 'rating_out_of_scale' },
      { kind: 'skipped', record: 9, code: 'no_text' },
      { kind: 'duplicate', record: 10, code: 'duplicate_id' },
    ]);
    expect(await count('feedback_items')).toBe(7);
    // "Delivery was fast but the invoice was wrong." is two mentions.
    const split = await sql<{ n: number }>`
      select count(*)::int as n from feedback_mentions m join feedback_items i on i.id = m.item_id
      where i.external_id = 'r-010'`.execute(t.db);
    expect(split.rows[0]!.n).toBe(2);
  });

  it('aggregates equal a recomputation from the raw items', async () => {
    const daily = await sql<{
      mentions: number;
    }>`select coalesce(sum(mentions), 0)::int as mentions from pain_point_daily`.execute(t.db);
    expect(daily.rows[0]!.mentions).toBe(await count('feedback_mentions'));
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('the item at 23:59:59 UTC counts on its own UTC day', async () => {
    const day = await sql<{
      day: string;
    }>`select received_day::text as day from feedback_items where external_id = 'r-004'`.execute(t.db);
    expect(day.rows[0]!.day).toBe('2026-03-03');
  });

  it('ingesting the same file twice adds nothing', async () => {
    const batches = await count('ingest_batches');
    const again = await ingestFile(rt, { path: FILE, options });
    expect(again).toMatchObject({ runId, created: false, state: 'done' });
    expect(await count('ingest_batches')).toBe(batches);
    expect(await count('feedback_items')).toBe(7);
  });

  it('a redelivered batch job writes nothing twice', async () => {
    const batch = await rt.db.selectFrom('ingest_batches').select(['id', 'run_id']).executeTakeFirstOrThrow();
    const before = await count('feedback_mentions');
    await rt.dispatcher.dispatch(jobsForParsedRun(batch.run_id, [batch.id]));
    await handleJob(rt, { name: 'tag.batch', data: { batchId: batch.id } });
    expect(await count('feedback_mentions')).toBe(before);
  });

  it('an edited re-export updates the item, its tags and the aggregates, and doubles nothing', async () => {
    const edited = join(tmpdir(), `painmap-edited-${process.pid}.csv`);
    writeFileSync(
      edited,
      'id,created_at,customer_id,plan,region,rating,comment\n' +
        'r-001,2026-03-02T09:15:00Z,c-1,pro,north,9,"The parcel arrived early, great courier."\n' +
        'r-011,2026-03-06T09:00:00Z,c-10,free,south,2,"The website search is useless."\n',
    );
    const result = await ingestFile(rt, { path: edited, options });
    await waitForRuns(rt, [result.runId], { timeoutMs: 30_000 });
    const run = await rt.db
      .selectFrom('ingest_runs')
      .selectAll()
      .where('id', '=', result.runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ state: 'done', inserted: 1, updated: 1, unchanged: 0 });
    expect(await count('feedback_items')).toBe(8);
    const r001 = await sql<{ text: string; label: string }>`
      select text, sentiment_label as label from feedback_items where external_id = 'r-001'`.execute(t.db);
    expect(r001.rows[0]).toEqual({ text: 'The parcel arrived early, great courier.', label: 'positive' });
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('a JSON record with a NUL character is rejected with its record number, and the others land', async () => {
    const path = join(tmpdir(), `painmap-nul-${process.pid}.jsonl`);
    const review = (id: string, text: string) =>
      JSON.stringify({
        review_id: id,
        user_id: 'u1',
        business_id: 'b1',
        stars: 2,
        text,
        date: '2026-01-05 19:48:37',
      });
    writeFileSync(
      path,
      `${[review('nul-1', 'Cold food.'), review('nul-2', 'Bad\u0000service'), review('nul-3', 'Slow.')].join('\n')}\n`,
    );
    const result = await ingestFile(rt, { path });
    expect(result.counts).toMatchObject({ records: 3, items: 2, rejected: 1 });
    await waitForRuns(rt, [result.runId], { timeoutMs: 30_000 });
    const errors = await rt.db
      .selectFrom('ingest_errors')
      .select(['record', 'code'])
      .where('run_id', '=', result.runId)
      .execute();
    expect(errors).toEqual([{ record: 2, code: 'nul_character' }]);
    const run = await rt.db
      .selectFrom('ingest_runs')
      .select(['state', 'inserted'])
      .where('id', '=', result.runId)
      .executeTakeFirstOrThrow();
    expect(run).toEqual({ state: 'done', inserted: 2 });
  });

  it('the reconciler re-runs a batch whose job failed for good, which a plain re-add would not', async () => {
    const other = await createRuntime(testConfig({}, t.url), {
      role: 'worker',
      name: 'painmap-test',
      log: silentLog,
    });
    const path = join(tmpdir(), `painmap-failed-${process.pid}.csv`);
    writeFileSync(path, 'id,created_at,comment\nf-1,2026-03-07T10:00:00Z,"The courier lost my parcel."\n');
    const result = await ingestFile(other, { path });
    const queue = (other.dispatcher as BullDispatcher).queue('tag');
    const failing = new Worker(
      'tag',
      async () => {
        throw new UnrecoverableError('injected');
      },
      {
        connection: other.redis!,
        prefix: other.config.QUEUE_PREFIX,
      },
    );
    await waitFor(async () => (await queue.getJobCounts('failed')).failed === 1, 'the job to fail');
    await failing.close();
    const batch = await rt.db
      .selectFrom('ingest_batches')
      .select('id')
      .where('run_id', '=', result.runId)
      .executeTakeFirstOrThrow();
    await other.dispatcher.dispatch(jobsForParsedRun(result.runId, [batch.id]));
    expect(await queue.getJobCounts('failed', 'wait')).toMatchObject({ failed: 1, wait: 0 });

    const summary = await reconcile(other, { staleAfterMs: 0 });
    expect(summary.batches).toBe(1);
    const healthy = startTestWorkers(other, 1);
    try {
      await waitForRuns(other, [result.runId], { timeoutMs: 30_000 });
      const run = await rt.db
        .selectFrom('ingest_runs')
        .select(['state', 'inserted'])
        .where('id', '=', result.runId)
        .executeTakeFirstOrThrow();
      expect(run).toEqual({ state: 'done', inserted: 1 });
    } finally {
      await closeTestRuntime(other, healthy);
    }
  });
});
