import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { findAggregateDrift, markDaysDirty, rebuildDay } from '../../src/storage/aggregates.repository.js';
import { createDb } from '../../src/storage/db.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createScratchDb, createTestDb, itemRow, mentionRow, type TestDb } from './helpers.js';

function item(externalId: string, overrides: Partial<ItemRow> = {}): ItemRow {
  return itemRow({
    externalId,
    customerId: `c-${externalId}`,
    segmentJson: '{"plan":"pro"}',
    mentions: [
      mentionRow({ ordinal: 0, stage: 'fulfilment', touchpoint: 'delivery', label: 'negative', score: -0.6 }),
      mentionRow({ ordinal: 1, stage: 'purchase', touchpoint: 'checkout', label: 'positive', score: 0.4 }),
    ],
    ...overrides,
  });
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

async function write(rows: ItemRow[]) {
  return t.db.transaction().execute((trx) => writeTaggedItems(trx, rows));
}
const rebuild = (day: string) => t.db.transaction().execute((trx) => rebuildDay(trx, day));
const cells = async (day: string) =>
  (
    await sql<{ stage: string; touchpoint: string; mentions: number; negative: number; items: number }>`
      select stage, touchpoint, mentions, negative, items from pain_point_daily where day = ${day}::date
      order by stage, touchpoint`.execute(t.db)
  ).rows;

describe('the item write path', () => {
  it('inserts new items with their mentions, and a redelivered batch adds nothing', async () => {
    const first = await write([item('a'), item('b'), item('a')]);
    expect(first).toEqual({ inserted: 2, updated: 0, unchanged: 0, days: ['2026-03-02'] });
    const again = await write([item('a'), item('b')]);
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 2, days: [] });
    const counts = await sql<{ items: number; mentions: number }>`
      select (select count(*) from feedback_items)::int as items, (select count(*) from feedback_mentions)::int as mentions`.execute(
      t.db,
    );
    expect(counts.rows[0]).toEqual({ items: 2, mentions: 4 });
    expect(await cells('2026-03-02')).toEqual([
      { stage: 'fulfilment', touchpoint: 'delivery', mentions: 2, negative: 2, items: 2 },
      { stage: 'purchase', touchpoint: 'checkout', mentions: 2, negative: 0, items: 2 },
    ]);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('an edited item is updated in place, re-tagged, and its counts move from its old cells to its new ones', async () => {
    const edited = item('b', {
      contentHash: 'h-b2',
      receivedAt: '2026-03-05T01:00:00.000Z',
      day: '2026-03-05',
      label: 'positive',
      score: 0.7,
      mentions: [
        {
          ordinal: 0,
          start: 0,
          end: 4,
          stage: 'usage',
          touchpoint: 'product',
          label: 'positive',
          score: 0.7,
          evidenceJson: '[]',
        },
      ],
    });
    const outcome = await write([edited]);
    expect(outcome).toEqual({ inserted: 0, updated: 1, unchanged: 0, days: ['2026-03-02', '2026-03-05'] });
    const mentions = await sql<{ stage: string }>`
      select m.stage from feedback_mentions m join feedback_items i on i.id = m.item_id where i.external_id = 'b'`.execute(
      t.db,
    );
    expect(mentions.rows).toEqual([{ stage: 'usage' }]);
    expect(await cells('2026-03-02')).toEqual([
      { stage: 'fulfilment', touchpoint: 'delivery', mentions: 1, negative: 1, items: 1 },
      { stage: 'purchase', touchpoint: 'checkout', mentions: 1, negative: 0, items: 1 },
    ]);
    expect(await cells('2026-03-05')).toEqual([
      { stage: 'usage', touchpoint: 'product', mentions: 1, negative: 0, items: 1 },
    ]);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('a cell whose last mention moves away disappears, and moving back restores it exactly', async () => {
    const back = item('b', { contentHash: 'h-b3' });
    await write([back]);
    expect(await cells('2026-03-05')).toEqual([]);
    expect(await findAggregateDrift(t.db)).toEqual([]);
    await write([
      item('b', { contentHash: 'h-b2', receivedAt: '2026-03-05T01:00:00.000Z', day: '2026-03-05' }),
    ]);
    await write([item('b', { contentHash: 'h-b4' })]);
    expect(await cells('2026-03-05')).toEqual([]);
    expect((await cells('2026-03-02')).map((c) => c.mentions)).toEqual([2, 2]);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('concurrent batches and a rebuild over the same cells leave the aggregate equal to a recomputation', async () => {
    const batch = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        item(`${prefix}${i}`, {
          day: `2026-03-0${2 + (i % 3)}`,
          receivedAt: `2026-03-0${2 + (i % 3)}T08:00:00.000Z`,
        }),
      );
    const edits = (prefix: string, n: number) =>
      batch(prefix, n).map((row, i) => ({
        ...row,
        contentHash: `e-${row.externalId}`,
        score: -0.1 * (i % 7),
      }));
    await Promise.all([
      write(batch('x', 60)),
      write(batch('y', 60)),
      rebuild('2026-03-03'),
      write(batch('x', 30)),
    ]);
    await Promise.all([
      write(edits('x', 60)),
      write(edits('y', 40)),
      rebuild('2026-03-02'),
      write(batch('z', 50)),
    ]);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('a repair rebuild equals a recomputation from raw items, and the oracle sees any tampering', async () => {
    await t.db.transaction().execute((trx) => markDaysDirty(trx, ['2026-03-02', '2026-03-05']));
    for (const day of ['2026-03-02', '2026-03-05']) await rebuild(day);
    await rebuild('2026-03-02'); // twice: same result
    expect(await findAggregateDrift(t.db)).toEqual([]);
    const left = await sql`select * from aggregate_dirty_days`.execute(t.db);
    expect(left.rows).toHaveLength(0);

    await sql`update pain_point_daily set mentions = mentions + 1 where touchpoint = 'delivery' and day = '2026-03-02'`.execute(
      t.db,
    );
    // The daily row is off from the raw items, and so its week is off from the days.
    const side = (d: { table: string; side: string }) => `${d.table} ${d.side}`;
    expect((await findAggregateDrift(t.db)).map(side)).toEqual([
      'pain_point_daily differs',
      'pain_point_weekly differs',
    ]);
    await sql`delete from pain_point_daily where touchpoint = 'checkout' and day = '2026-03-02'`.execute(
      t.db,
    );
    await sql`insert into pain_point_daily values ('2026-03-09', 'usage', 'product', 'survey', '{}', 1, 0, 1, 0, 0, 0, 1)`.execute(
      t.db,
    );
    const drift = await findAggregateDrift(t.db);
    expect(drift.map(side).sort()).toEqual([
      'pain_point_daily differs',
      'pain_point_daily extra',
      'pain_point_daily missing',
      'pain_point_weekly differs', // delivery
      'pain_point_weekly differs', // checkout: the week's other days still have some
      'pain_point_weekly missing',
    ]);
    await sql`delete from pain_point_daily where day = '2026-03-09'`.execute(t.db);
    await rebuild('2026-03-02');
    expect(await findAggregateDrift(t.db)).toEqual([]);
    // A weekly row off on its own is seen too, and a rebuild of any day of its week mends it.
    await sql`update pain_point_weekly set items = items + 1 where touchpoint = 'delivery' and week = '2026-03-02'`.execute(
      t.db,
    );
    expect((await findAggregateDrift(t.db)).map(side)).toEqual(['pain_point_weekly differs']);
    await rebuild('2026-03-05');
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('a mark made during a repair rebuild survives it', async () => {
    await t.db.transaction().execute((trx) => markDaysDirty(trx, ['2026-03-02']));
    const version = await sql<{
      version: number;
    }>`select version from aggregate_dirty_days where day = '2026-03-02'`.execute(t.db);
    // A second mark moves the version; a rebuild that read the old version must not clear the new mark.
    await t.db.transaction().execute((trx) => markDaysDirty(trx, ['2026-03-02']));
    await sql`delete from aggregate_dirty_days where day = '2026-03-02' and version = ${version.rows[0]!.version}`.execute(
      t.db,
    );
    const still = await sql`select 1 from aggregate_dirty_days where day = '2026-03-02'`.execute(t.db);
    expect(still.rows).toHaveLength(1);
  });

  it('weekly and monthly views keep the denominators beside the shares', async () => {
    await rebuild('2026-03-02');
    const weekly = await sql<{
      bucket_start: string;
      mentions: number;
      negative: number;
      negative_rate: string;
    }>`
      select bucket_start::text, mentions, negative, negative_rate::text from pain_point_heatmap_weekly
      where touchpoint = 'delivery' order by bucket_start`.execute(t.db);
    const raw = await sql<{ mentions: number; negative: number }>`
      select count(*)::int as mentions, count(*) filter (where m.sentiment_label = 'negative')::int as negative
      from feedback_mentions m join feedback_items i on i.id = m.item_id
      where m.touchpoint = 'delivery' and i.received_day between '2026-03-02' and '2026-03-08'`.execute(t.db);
    const { mentions, negative } = raw.rows[0]!;
    expect(mentions).toBeGreaterThan(100);
    expect(weekly.rows).toEqual([
      { bucket_start: '2026-03-02', mentions, negative, negative_rate: (negative / mentions).toFixed(4) },
    ]);
  });
});

describe('migrations', () => {
  it('two processes migrating one empty database at once apply each migration exactly once', async () => {
    const scratch = await createScratchDb();
    const a = createDb(scratch.url, { poolSize: 2 });
    const b = createDb(scratch.url, { poolSize: 2 });
    try {
      const [ra, rb] = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
      expect(ra.length + rb.length).toBeGreaterThan(0);
      const applied = await sql<{ name: string }>`select name from painmap_migrations`.execute(a);
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      expect(await migrateToLatest(a)).toEqual([]);
    } finally {
      await a.destroy();
      await b.destroy();
      await scratch.drop();
    }
  });

  it('0007 keeps every evidence document when it turns jsonb into json, and its down turns it back', async () => {
    const scratch = await createScratchDb();
    const { db, migrator } = scratch;
    const evidenceType = async () =>
      (
        await sql<{ t: string }>`select data_type as t from information_schema.columns
          where table_name = 'feedback_mentions' and column_name = 'evidence'`.execute(db)
      ).rows[0]!.t;
    const evidence = [
      { kind: 'stage', rule: 'stage.purchase.kw.checkout', match: 'Check-out "é"', start: 0, end: 13 },
    ];
    try {
      expect((await migrator.migrateTo('0006_incremental_aggregates')).error).toBeUndefined();
      await sql`insert into feedback_items (source, external_id, content_hash, received_at, received_day, text,
        sentiment_label, sentiment_score, stage, touchpoint, taxonomy_version, tagger_version)
        values ('s', '1', 'h', now(), current_date, 'Check-out "é" failed', 'negative', -0.5, 'purchase',
                'checkout', 't', 't')`.execute(db);
      await sql`insert into feedback_mentions (item_id, ordinal, start_offset, end_offset, stage, touchpoint,
        sentiment_label, sentiment_score, evidence)
        select id, 0, 0, 20, 'purchase', 'checkout', 'negative', -0.5, ${JSON.stringify(evidence)}::jsonb
        from feedback_items`.execute(db);
      await migrateToLatest(db);
      expect(await evidenceType()).toBe('json');
      const read = async () =>
        (await db.selectFrom('feedback_mentions').select('evidence').execute())[0]!.evidence;
      expect(await read()).toEqual(evidence);
      expect((await migrator.migrateTo('0006_incremental_aggregates')).error).toBeUndefined();
      expect(await evidenceType()).toBe('jsonb');
      expect(await read()).toEqual(evidence);
    } finally {
      await scratch.drop();
    }
  });
});
