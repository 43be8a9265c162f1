// Scenario 8 (end to end; the parser-level cases are in test/unit/ingest/bad-input.test.ts): a
// file-level error found after whole batches were already written leaves nothing partial in
// Postgres and nothing queued, and the run carries a stable error code.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import type { BullDispatcher } from '../../src/queue/dispatcher.js';
import { QUEUES } from '../../src/queue/jobs.js';
import { SCALE, Scenario } from './harness.js';
import { usePrivateServices } from './services.js';

const services = usePrivateServices();
let s: Scenario;

beforeAll(async () => {
  s = await Scenario.open('bad-input', services);
  await s.pool.start(1);
});

afterAll(async () => {
  await s.close();
});

/** 3,000 good rows (30 durable batches) and then the fault. */
function fileWithTail(name: string, tail: Buffer): string {
  let csv = 'id,date,text,rating\n';
  for (let i = 0; i < 3_000; i++) csv += `g${i},2026-01-0${1 + (i % 9)},The courier was late again.,2\n`;
  const path = join(tmpdir(), `painmap-chaos-${process.pid}-${name}.csv`);
  writeFileSync(path, Buffer.concat([Buffer.from(csv), tail]));
  return path;
}

/** The batch id sequence: how many durable batches were ever written, removed or not. */
async function batchesEverWritten(): Promise<number> {
  const r = await sql<{ n: number | null }>`
    select last_value::int as n from pg_sequences where sequencename = 'ingest_batches_id_seq'`.execute(
    s.rt.db,
  );
  return r.rows[0]?.n ?? 0;
}

const CASES = [
  {
    name: 'an unterminated quote at the end',
    tail: Buffer.from('g9,2026-01-01,"never closed,2\n'),
    code: 'unterminated_quote',
    late: true,
  },
  {
    name: 'too many records',
    tail: Buffer.from(''),
    code: 'too_many_records',
    late: true,
    options: { maxRecords: 2_500 },
  },
  {
    name: 'a NUL byte at the end',
    tail: Buffer.from('g9,2026-01-01,a\u0000b,2\n'),
    code: 'nul_byte',
    late: false,
  },
];

describe('a file-level error found late in the file', () => {
  for (const c of CASES) {
    it(`(${c.name}) leaves nothing partial and a stable error code on the run`, async () => {
      const path = fileWithTail(c.code, c.tail);
      const before = await batchesEverWritten();
      const result = await ingestFile(s.rt, { path, options: c.options ?? {} });
      expect(result).toMatchObject({ state: 'rejected', error: { code: c.code } });
      const run = await s.rt.db
        .selectFrom('ingest_runs')
        .selectAll()
        .where('id', '=', result.runId)
        .executeTakeFirstOrThrow();
      expect(run).toMatchObject({ state: 'rejected', error_code: c.code });
      const left = await sql<{ batches: number; errors: number; items: number }>`
        select (select count(*) from ingest_batches where run_id = ${result.runId})::int as batches,
               (select count(*) from ingest_errors where run_id = ${result.runId})::int as errors,
               (select count(*) from feedback_items)::int as items`.execute(s.rt.db);
      expect(left.rows[0]).toEqual({ batches: 0, errors: 0, items: 0 });
      // A late error is found after whole batches were written: they were removed with the run.
      if (c.late)
        expect((await batchesEverWritten()) - before).toBeGreaterThanOrEqual(2_000 / SCALE.batchSize);
      // The same file again is answered from the ledger with the same code, and still stores nothing.
      const again = await ingestFile(s.rt, { path, options: c.options ?? {} });
      expect(again).toMatchObject({ runId: result.runId, created: false, state: 'rejected' });
      const dispatcher = s.rt.dispatcher as BullDispatcher;
      for (const queue of QUEUES) {
        const counts = await dispatcher
          .queue(queue)
          .getJobCounts('waiting', 'active', 'delayed', 'completed');
        expect({ queue, ...counts }).toEqual({ queue, waiting: 0, active: 0, delayed: 0, completed: 0 });
      }
    });
  }
});
