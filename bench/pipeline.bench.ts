// End to end (CSV → durable batches → BullMQ → tag → Postgres → aggregates) beside the ceiling
// measured in the same run: the time each stage costs per item on its own, summed, over 2 cores.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { FeedbackInput } from '../src/domain.js';
import { openExport } from '../src/ingest/index.js';
import { ingestFile } from '../src/pipeline/ingest-file.js';
import { tagInputOf, toItemRow } from '../src/pipeline/item-rows.js';
import { waitForRuns } from '../src/pipeline/wait.js';
import { BullDispatcher } from '../src/queue/dispatcher.js';
import { jobsForParsedRun } from '../src/queue/graph.js';
import { findAggregateDrift } from '../src/storage/aggregates.repository.js';
import type { Db } from '../src/storage/db.js';
import { writeTaggedItems } from '../src/storage/items.repository.js';
import { insertBatch } from '../src/storage/runs.repository.js';
import { tagItem } from '../src/tagging/index.js';
import { createBenchDb, writeSurveyCsv } from './lib/env.js';
import { ingestDeps, startWorkerProcess } from './lib/workers.js';

const BATCH = 500;
type Stage = { stage: string; usPerItem: number; note: string };

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, (performance.now() - t0) * 1000];
}

async function parseSample(path: string): Promise<{ items: FeedbackInput[]; us: number }> {
  const items: FeedbackInput[] = [];
  const [, us] = await time(async () => {
    const parsed = await openExport({ path }, {});
    for await (const event of parsed.events) if (event.kind === 'item') items.push(event.item);
  });
  return { items, us };
}

async function measureQueue(redisUrl: string, jobs: number): Promise<number> {
  const prefix = `bench${Date.now()}`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const dispatcher = new BullDispatcher({ connection, prefix, debounceMs: 0 });
  let done = 0;
  const [, us] = await time(async () => {
    let release: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      release = resolve;
    });
    const worker = new Worker(
      'tag',
      async () => {
        if (++done === jobs) setImmediate(release);
      },
      { connection, prefix, concurrency: 10 },
    );
    for (let i = 0; i < jobs; i += 200) {
      const batchIds = Array.from({ length: Math.min(200, jobs - i) }, (_, k) => i + k + 1);
      await dispatcher.dispatch(jobsForParsedRun(1, batchIds));
    }
    await finished;
    await worker.close();
  });
  await new Queue('tag', { connection, prefix }).obliterate({ force: true });
  await dispatcher.close();
  connection.disconnect();
  return us / (jobs * BATCH);
}

async function measureWrites(
  db: Db,
  url: string,
  items: FeedbackInput[],
): Promise<{ durable: number; tag: number; write: number; copy: number }> {
  const run = await db
    .insertInto('ingest_runs')
    .values({ kind: 'file', source: 'bench', file_name: null, file_sha256: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const batches: FeedbackInput[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  const [, durable] = await time(async () =>
    Promise.all(
      [0, 1].map(async (lane) => {
        const out: number[] = [];
        for (let b = lane; b < batches.length; b += 2)
          out.push(await insertBatch(db, run.id, b + 1, batches[b]!));
        return out;
      }),
    ),
  );
  const [rows, tag] = await time(async () =>
    items.map((item) => toItemRow(item, tagItem(tagInputOf(item)), run.id)),
  );
  const [, write] = await time(async () => {
    for (let i = 0; i < rows.length; i += BATCH) {
      await db.transaction().execute((trx) => writeTaggedItems(trx, rows.slice(i, i + BATCH)));
    }
  });
  const copy = await measureCopy(db, url, rows);
  const n = items.length;
  return { durable: durable / n, tag: tag / n, write: write / n, copy: copy / n };
}

/** The floor: COPY of the same rows into a table with the same unique index. */
async function measureCopy(db: Db, url: string, rows: ReturnType<typeof toItemRow>[]): Promise<number> {
  await sql`create table bench_copy (like feedback_items including defaults including indexes)`.execute(db);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const esc = (v: string) =>
    v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
  const [, us] = await time(async () => {
    const stream = client.query(
      copyFrom(
        'copy bench_copy (source, format, external_id, content_hash, received_at, received_day, text, segment, sentiment_label, sentiment_score, stage, touchpoint, taxonomy_version, tagger_version) from stdin',
      ),
    );
    for (const r of rows) {
      const cells = [
        r.source,
        r.format,
        r.externalId,
        r.contentHash,
        r.receivedAt,
        r.day,
        esc(r.text),
        esc(r.segmentJson),
        r.label,
        r.score,
        r.stage,
        r.touchpoint,
        r.taxonomyVersion,
        r.taggerVersion,
      ];
      stream.write(`${cells.join('\t')}\n`);
    }
    await new Promise<void>((resolve, reject) =>
      stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  });
  await client.end();
  await sql`drop table bench_copy`.execute(db);
  return us;
}

/** The project's settings for the throughput run: 3 jobs at once per process, a 2 s aggregate debounce. */
const startWorkers = (target: { url: string; redisUrl: string; prefix: string }, count: number) =>
  Array.from({ length: count }, () =>
    startWorkerProcess(target, {
      settings: { WORKER_CONCURRENCY: '3', AGGREGATE_DEBOUNCE_MS: '2000', DB_POOL_SIZE: '4' },
    }),
  );

export async function benchPipeline(adminUrl: string, redisUrl: string, rows: number) {
  const sampleRows = Math.min(rows, 50_000);
  const samplePath = join(tmpdir(), `painmap-bench-sample-${sampleRows}.csv`);
  await writeSurveyCsv(samplePath, sampleRows);
  const { items, us: parseUs } = await parseSample(samplePath);
  const scratch = await createBenchDb(adminUrl);
  const w = await measureWrites(scratch.db, scratch.url, items);
  await scratch.drop();
  const queue = await measureQueue(redisUrl, 2000);
  const stages: Stage[] = [
    { stage: 'parse (csv-parse + mapping)', usPerItem: parseUs / items.length, note: 'openExport, one core' },
    { stage: 'durable batch write', usPerItem: w.durable, note: 'ingest_batches jsonb, 500/row' },
    { stage: 'queue round trip', usPerItem: queue, note: 'BullMQ add + consume, one job per 500 items' },
    { stage: 'tag (clause level)', usPerItem: w.tag, note: 'tagItem + row mapping' },
    {
      stage: 'Postgres write',
      usPerItem: w.write,
      note: 'UNNEST upsert + mentions + daily and weekly delta',
    },
  ];
  const sum = stages.reduce((s, x) => s + x.usPerItem, 0);
  const ceiling = 2_000_000 / sum;

  const path = join(tmpdir(), `painmap-bench-${rows}.csv`);
  await writeSurveyCsv(path, rows);
  const target = await createBenchDb(adminUrl);
  const prefix = `bench${Date.now()}`;
  const where = { url: target.url, redisUrl, prefix };
  const workers = startWorkers(where, 2);
  const ingest = ingestDeps(target.db, where);
  const { deps } = ingest;
  const t0 = performance.now();
  const result = await ingestFile(deps, { path });
  const parsedS = (performance.now() - t0) / 1000;
  const died = new Promise<never>((_, reject) => {
    for (const child of workers) {
      child.once('exit', (code) => reject(new Error(`bench: a worker process exited early (code ${code})`)));
    }
  });
  await Promise.race([waitForRuns(deps, [result.runId], { timeoutMs: 3_600_000, pollMs: 250 }), died]);
  const wallS = (performance.now() - t0) / 1000;
  for (const child of workers) {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
  const stored = await sql<{ n: number }>`select count(*)::int as n from feedback_items`.execute(target.db);
  const drift = await findAggregateDrift(target.db);
  await ingest.close();
  await target.drop();
  const e2e = rows / wallS;
  return {
    rows,
    stages,
    copyFloorUsPerItem: w.copy,
    sumUsPerItem: sum,
    ceilingItemsPerS: ceiling,
    e2eItemsPerS: e2e,
    wallS,
    parsePhaseS: parsedS,
    ratio: e2e / ceiling,
    stored: stored.rows[0]!.n,
    aggDiffRows: drift.length,
  };
}
