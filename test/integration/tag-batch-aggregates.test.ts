// tag.batch's transaction and the aggregate tables every batch shares: the delta is one statement, the
// last before the commit, and batches tagged at once over the same cells all land, exactly.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackInput } from '../../src/domain.js';
import { tagBatch } from '../../src/pipeline/tag-batch.js';
import { loadTagger } from '../../src/pipeline/tagger.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { findOrCreateRun, insertBatch } from '../../src/storage/runs.repository.js';
import type { Database } from '../../src/storage/tables.js';
import { createTestDb, type TestDb } from './helpers.js';

const TEXTS = [
  'The delivery was two days late and the box was crushed',
  'I want a refund, I was charged twice for my subscription',
  'The app keeps crashing when I log in after the latest update',
  'Checkout was smooth and the promo code worked first time',
];
const tag = loadTagger();

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

/** `n` items over three days and two plans: every batch of them touches the same cells. */
function items(prefix: string, n: number, edit = ''): FeedbackInput[] {
  return Array.from({ length: n }, (_, i) => ({
    source: 'survey',
    externalId: `${prefix}${i}`,
    receivedAt: `2026-03-0${2 + (i % 3)}T08:00:00.000Z`,
    text: `${TEXTS[i % TEXTS.length]}${edit}. ${TEXTS[(i + 1) % TEXTS.length]}`,
    rating: null,
    channel: null,
    customerId: `c${i}`,
    segment: { plan: i % 2 ? 'pro' : 'free' },
    language: 'en',
  }));
}

async function queueBatches(file: string, batches: FeedbackInput[][]): Promise<number[]> {
  const { run } = await findOrCreateRun(t.db, {
    kind: 'file',
    source: 'survey',
    fileName: file,
    fileSha256: file,
  });
  const ids: number[] = [];
  for (const [i, batch] of batches.entries()) ids.push(await insertBatch(t.db, run.id, i + 1, batch));
  return ids;
}

describe('tag.batch and the shared aggregate rows', () => {
  it("changes every aggregate table in one statement, the last of the batch's transaction", async () => {
    const statements: string[] = [];
    const pool = new pg.Pool({ connectionString: t.url, max: 2 });
    const logged = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        statements.push(event.query.sql);
      },
    });
    try {
      const [batchId] = await queueBatches('one.csv', [items('one-', 30)]);
      statements.length = 0;
      expect(await tagBatch({ db: logged, tag }, batchId!)).toMatchObject({ inserted: 30 });
    } finally {
      await logged.destroy();
    }
    // The shared advisory lock (named after pain_point_daily) comes just before: it locks no row.
    const aggregate = /\b(insert into|update|delete from) "?(pain_point_|stage_spread_)/;
    const touching = statements.flatMap((s, i) => (aggregate.test(s) ? [i] : []));
    expect(statements.at(-1)).toBe('commit');
    expect(touching).toEqual([statements.length - 2]);
    expect(statements.at(-2)).toMatch(
      /insert into "pain_point_daily"[\s\S]*insert into "stage_spread_weekly"/,
    );
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('batches tagged at once over the same cells all land, and the aggregates equal a recomputation', async () => {
    const first = await queueBatches(
      'burst.csv',
      ['a', 'b', 'c', 'd', 'e', 'f'].map((p) => items(`burst-${p}`, 40)),
    );
    const outcomes = await Promise.all(first.map((id) => tagBatch({ db: t.db, tag }, id)));
    expect(outcomes.map((o) => o?.inserted)).toEqual([40, 40, 40, 40, 40, 40]);
    // Edits move counts out of cells (and empty some) while new items add to the same ones.
    const second = await queueBatches('burst-edits.csv', [
      items('burst-a', 40, ' and nobody answered'),
      items('burst-b', 20, ' but it was fine'),
      items('burst-g', 40),
      items('burst-c', 40, ' and nobody answered'),
    ]);
    const edited = await Promise.all(second.map((id) => tagBatch({ db: t.db, tag }, id)));
    expect(edited.map((o) => [o?.inserted, o?.updated])).toEqual([
      [0, 40],
      [0, 20],
      [40, 0],
      [0, 40],
    ]);
    const stored = await sql<{ n: number }>`select count(*)::int as n from feedback_items`.execute(t.db);
    expect(stored.rows[0]!.n).toBe(30 + 7 * 40);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });
});
