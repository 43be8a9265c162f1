import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { clientOfTransaction } from '../../src/storage/copy.js';
import { createEmbeddedDb, type Db } from '../../src/storage/db.js';
import { type ItemRow, type WriteOptions, writeTaggedItems } from '../../src/storage/items.repository.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import type { Database } from '../../src/storage/tables.js';
import { createTestDb, itemRow, mentionRow, type TestDb } from './helpers.js';

// Evidence and text with every character COPY's text format escapes, and a literal \N.
const AWKWARD = 'tab\there, line\nbreak, return\r, back\\slash, \\N, "quote", ünïcødé 💥';

function item(externalId: string, day: string, overrides: Partial<ItemRow> = {}): ItemRow {
  return itemRow({
    externalId,
    day,
    text: `${AWKWARD} ${externalId}`,
    rating: 3,
    ratingScale: '1-5',
    segmentJson: '{"plan":"pro"}',
    // The item's own score, not its first mention's.
    score: -0.6,
    mentions: [0, 1, 2].map((ordinal) =>
      mentionRow({
        ordinal,
        start: ordinal * 10,
        end: ordinal * 10 + 7,
        stage: ordinal === 1 ? 'purchase' : 'fulfilment',
        touchpoint: ordinal === 1 ? 'checkout' : 'delivery',
        label: ordinal === 1 ? 'positive' : 'negative',
        score: ordinal === 1 ? 0.123456789 : -0.7,
        evidenceJson: JSON.stringify([{ rule: `r${ordinal}`, text: AWKWARD, weight: 0.5 }]),
      }),
    ),
    ...overrides,
  });
}

const batch = (prefix: string) =>
  Array.from({ length: 40 }, (_, i) => item(`${prefix}${i}`, `2026-03-0${1 + (i % 5)}`));

const write = (db: Db, rows: ItemRow[], options: WriteOptions = { copy: true }) =>
  db.transaction().execute((trx) => writeTaggedItems(trx, rows, options));

/** Everything the write stores, keyed by item key (ids differ between databases). */
async function snapshot(db: Db) {
  const mentions = await sql`
    select i.source, i.external_id, m.ordinal, m.start_offset, m.end_offset, m.stage, m.touchpoint,
           m.sentiment_label, m.sentiment_score, m.evidence::text as evidence
    from feedback_mentions m join feedback_items i on i.id = m.item_id
    order by i.source, i.external_id, m.ordinal`.execute(db);
  const items = await sql`
    select source, external_id, text, rating, segment::text as segment, sentiment_score
    from feedback_items order by source, external_id`.execute(db);
  const daily =
    await sql`select * from pain_point_daily order by day, stage, touchpoint, source, segment::text`.execute(
      db,
    );
  const weekly =
    await sql`select * from pain_point_weekly order by week, stage, touchpoint, source, segment::text`.execute(
      db,
    );
  return { mentions: mentions.rows, items: items.rows, daily: daily.rows, weekly: weekly.rows };
}

const count = async (db: Db | Transaction<Database>, table: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]!.n;

let t: TestDb;
let other: TestDb;
beforeAll(async () => {
  [t, other] = await Promise.all([createTestDb(), createTestDb()]);
});
afterAll(async () => Promise.all([t.drop(), other.drop()]));

describe('mentions written by COPY', () => {
  it('runs on the transaction’s own connection, through the staging table', async () => {
    await t.db
      .transaction()
      .execute(async (trx) => {
        const client = await clientOfTransaction(trx);
        expect(client).not.toBeNull();
        const pid = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        expect((client as unknown as { processID: number }).processID).toBe(pid.rows[0]!.pid);
        await writeTaggedItems(trx, batch('own-'), { copy: true });
        const stage = await sql<{ reg: string | null }>`
        select to_regclass('pg_temp.painmap_mention_stage')::text as reg`.execute(trx);
        expect(stage.rows[0]!.reg).not.toBeNull();
        throw new Error('undo');
      })
      .catch((error: Error) => expect(error.message).toBe('undo'));
    expect(await count(t.db, 'feedback_items')).toBe(0);
  });

  it('is not the default: the write inserts mentions from arrays, with no staging table', async () => {
    await t.db
      .transaction()
      .execute(async (trx) => {
        await writeTaggedItems(trx, batch('default-'));
        const stage = await sql<{ reg: string | null }>`
        select to_regclass('pg_temp.painmap_mention_stage')::text as reg`.execute(trx);
        expect(stage.rows[0]!.reg).toBeNull();
        expect(await count(trx, 'feedback_mentions')).toBeGreaterThan(0);
        throw new Error('undo');
      })
      .catch((error: Error) => expect(error.message).toBe('undo'));
  });

  it('stores the same items, mentions and aggregates as the arrays path and as embedded PGlite', async () => {
    const first = batch('same-');
    const edited = first.slice(0, 10).map((row) => ({
      ...row,
      contentHash: `${row.contentHash}-v2`,
      day: '2026-03-09',
      receivedAt: '2026-03-09T08:00:00.000Z',
      mentions: row.mentions.slice(1),
    }));
    await write(t.db, first);
    await write(t.db, edited);
    await write(other.db, first, { copy: false });
    await write(other.db, edited, { copy: false });
    const embedded = await createEmbeddedDb();
    try {
      await migrateToLatest(embedded);
      await write(embedded, first);
      await write(embedded, edited);
      const viaCopy = await snapshot(t.db);
      expect(viaCopy.mentions).toHaveLength(40 * 3 - 10);
      expect(await snapshot(other.db)).toEqual(viaCopy);
      expect(await snapshot(embedded)).toEqual(viaCopy);
    } finally {
      await embedded.destroy();
    }
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('a batch that fails mid-way (a mention the table refuses) leaves nothing behind', async () => {
    const before = await snapshot(t.db);
    const rows = batch('bad-');
    rows[20]!.mentions[1]!.label = 'bogus';
    await expect(write(t.db, rows)).rejects.toThrow(/check constraint/);
    expect(await snapshot(t.db)).toEqual(before);
    // The connection's next batch still works (the stage went with the rollback or stayed empty).
    await Promise.all([write(t.db, batch('after-a-')), write(t.db, batch('after-b-'))]);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('a COPY the server refuses (evidence that is not JSON) fails with its code, and the transaction goes on from a savepoint', async () => {
    const before = await snapshot(t.db);
    const bad = batch('nojson-');
    bad[3]!.mentions[0]!.evidenceJson = '{not json';
    const error = await write(t.db, bad).catch((e: Error & { code?: string }) => e);
    expect((error as { code?: string }).code).toBe('22P02');
    expect(await snapshot(t.db)).toEqual(before);
    // The one-by-one fallback of tag-batch: a refused item rolls back to its savepoint, the rest land.
    await t.db.transaction().execute(async (trx) => {
      for (const row of bad.slice(0, 6)) {
        await sql`savepoint one`.execute(trx);
        try {
          await writeTaggedItems(trx, [row]);
          await sql`release savepoint one`.execute(trx);
        } catch {
          await sql`rollback to savepoint one`.execute(trx);
        }
      }
    });
    const stored = await sql<{ id: string }>`
      select external_id as id from feedback_items where external_id like 'nojson-%' order by 1`.execute(
      t.db,
    );
    expect(stored.rows.map((r) => r.id)).toEqual([
      'nojson-0',
      'nojson-1',
      'nojson-2',
      'nojson-4',
      'nojson-5',
    ]);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('re-running a batch duplicates nothing, and two batches in one transaction both land', async () => {
    const rows = batch('again-');
    await write(t.db, rows);
    const once = await snapshot(t.db);
    expect(await write(t.db, rows)).toEqual({ inserted: 0, updated: 0, unchanged: 40, days: [] });
    expect(await snapshot(t.db)).toEqual(once);
    await t.db.transaction().execute(async (trx) => {
      await writeTaggedItems(trx, batch('one-'));
      await writeTaggedItems(trx, batch('two-'));
    });
    const stored = await sql<{ n: number }>`
      select count(*)::int as n from feedback_mentions m join feedback_items i on i.id = m.item_id
      where i.external_id like 'one-%' or i.external_id like 'two-%'`.execute(t.db);
    expect(stored.rows[0]!.n).toBe(2 * 40 * 3);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });
});
