// The cell tables (migration 0013): pain_point_daily and pain_point_weekly summed over segments,
// kept exact by the write path and by repairs, checked by the oracle, and read when no segment
// filter is given — where every answer must equal the sum of the answers per segment.
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCellDays } from '../../src/aggregate/cell-days.query.js';
import { queryHeatmap } from '../../src/aggregate/heatmap.query.js';
import { queryJourneyCells } from '../../src/aggregate/journey.query.js';
import { verifyAggregates } from '../../src/pipeline/verify.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createScratchDb, createTestDb, itemRow, mentionRow, type TestDb } from './helpers.js';

const PLANS = ['free', 'plus', 'pro'];
const CELLS = [
  ['fulfilment', 'delivery'],
  ['purchase', 'checkout'],
  ['onboarding', 'account_login'],
] as const;

/** Item i: a day among 23 from Monday 2026-03-02, one of two sources and three plans, 1–2 mentions. */
function item(i: number, version = 0): ItemRow {
  const day = new Date(Date.UTC(2026, 2, 2 + (i % 23))).toISOString().slice(0, 10);
  const mention = (ordinal: number) => {
    const [stage, touchpoint] = CELLS[(i + ordinal + version) % CELLS.length]!;
    const negative = (i * 7 + ordinal + version) % 3 === 0;
    const score = negative ? -0.25 - (i % 5) / 10 : 0.125 + (i % 4) / 10;
    return mentionRow({ ordinal, stage, touchpoint, label: negative ? 'negative' : 'positive', score });
  };
  return itemRow({
    source: i % 5 === 0 ? 'app-review' : 'survey',
    externalId: `e-${i}`,
    contentHash: `h-${i}-${version}`,
    day,
    text: `text ${i} ${version}`,
    customerId: `c-${i % 40}`,
    segmentJson: JSON.stringify({ plan: PLANS[i % 3], region: i % 2 === 0 ? 'eu' : 'us' }),
    mentions: i % 2 === 0 ? [mention(0), mention(1)] : [mention(0)],
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  const write = (rows: ItemRow[]) => t.db.transaction().execute((trx) => writeTaggedItems(trx, rows));
  for (const batch of [range(0, 150), range(150, 300)]) await write(batch.map((i) => item(i)));
  // Edits move mentions to other cells: the delta takes the old cells away and adds the new ones.
  await write(range(100, 200).map((i) => item(i, 1)));
});
afterAll(async () => t.drop());

/** `table`'s rows beside the segmented table summed over segments: the rows that differ. */
async function differenceFromSegmented(cells: string, segmented: string, key: string): Promise<unknown[]> {
  const cols = sql`${sql.ref(key)}, stage, touchpoint, source, mentions, negative, neutral, positive, items,
    round(sentiment_sum::numeric, 6) as s, round(negative_intensity_sum::numeric, 6) as n`;
  const summed = sql`
    select ${sql.ref(key)}, stage, touchpoint, source, sum(mentions)::int as mentions, sum(negative)::int as negative,
           sum(neutral)::int as neutral, sum(positive)::int as positive, sum(items)::int as items,
           sum(sentiment_sum) as sentiment_sum, sum(negative_intensity_sum) as negative_intensity_sum
    from ${sql.table(segmented)} group by 1, stage, touchpoint, source`;
  const result = await sql`
    (select ${cols} from ${sql.table(cells)} except select ${cols} from (${summed}) a)
    union all (select ${cols} from (${summed}) a except select ${cols} from ${sql.table(cells)})`.execute(
    t.db,
  );
  return result.rows;
}

describe('cell tables', () => {
  it('the write path keeps them equal to the segmented tables summed over segments, through edits', async () => {
    const count = await sql<{ daily: number; weekly: number; segmented: number }>`
      select (select count(*)::int from pain_point_daily_cells) as daily,
             (select count(*)::int from pain_point_weekly_cells) as weekly,
             (select count(*)::int from pain_point_daily) as segmented`.execute(t.db);
    expect(count.rows[0]!.daily).toBeGreaterThan(50);
    expect(count.rows[0]!.weekly).toBeGreaterThan(10);
    expect(count.rows[0]!.segmented).toBeGreaterThan(count.rows[0]!.daily);
    expect(await differenceFromSegmented('pain_point_daily_cells', 'pain_point_daily', 'day')).toEqual([]);
    expect(await differenceFromSegmented('pain_point_weekly_cells', 'pain_point_weekly', 'week')).toEqual([]);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it.each([
    ['pain_point_daily_cells', 'day', '2026-03-04'],
    ['pain_point_weekly_cells', 'week', '2026-03-09'],
  ])('verify reports tampering with %s and repair mends it', async (table, key, bucket) => {
    const at = sql`${sql.ref(key)} = ${bucket}::date`;
    const name = sql.table(table);
    await sql`update ${name} set negative = negative + 1 where ${at} and touchpoint = 'delivery' and source = 'survey'`.execute(
      t.db,
    );
    await sql`delete from ${name} where ${at} and touchpoint = 'checkout' and source = 'survey'`.execute(
      t.db,
    );
    await sql`insert into ${name} (${sql.ref(key)}, stage, touchpoint, source, mentions, negative, neutral, positive,
      sentiment_sum, negative_intensity_sum, items)
      values (${bucket}::date, 'usage', 'product', 'survey', 1, 0, 1, 0, 0, 0, 1)`.execute(t.db);
    const seen = await verifyAggregates(t.db);
    expect(seen.drift).toBe(3);
    expect(seen.sample.map((d) => `${d.table} ${d.side} ${d.day} ${d.touchpoint}`).sort()).toEqual([
      `${table} differs ${bucket} delivery`,
      `${table} extra ${bucket} product`,
      `${table} missing ${bucket} checkout`,
    ]);
    const repaired = await verifyAggregates(t.db, { repair: true });
    expect(repaired.rebuiltDays).toEqual([bucket]);
    expect(repaired.drift).toBe(0);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('with no segment filter, heatmap, cell days and journey cells equal their sums over segments', async () => {
    /** Rows summed by their key (every field that is not a number), sums rounded for float order. */
    const sumByKey = (rows: object[]) => {
      const sums = new Map<string, Record<string, number>>();
      for (const row of rows) {
        const entries = Object.entries(row);
        const key = JSON.stringify(entries.filter(([, v]) => typeof v !== 'number'));
        const into = sums.get(key) ?? {};
        for (const [k, v] of entries) if (typeof v === 'number') into[k] = (into[k] ?? 0) + v;
        sums.set(key, into);
      }
      return [...sums]
        .map(([key, s]) => [key, Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.toFixed(6)]))])
        .sort();
    };
    const periods = {
      previous: { from: '2026-03-03', to: '2026-03-13' },
      current: { from: '2026-03-14', to: '2026-03-24' },
    };
    const reads = [
      (f: object) => queryHeatmap(t.db, { bucket: 'week', from: '2026-03-04', to: '2026-03-22', ...f }),
      (f: object) => queryHeatmap(t.db, { bucket: 'week', ...f }),
      (f: object) => queryHeatmap(t.db, { bucket: 'month', ...f }),
      (f: object) => queryCellDays(t.db, { from: '2026-03-03', to: '2026-03-20' }, f),
      (f: object) => queryJourneyCells(t.db, periods, f),
    ];
    for (const read of reads) {
      for (const source of [undefined, 'survey']) {
        const filter = source ? { source } : {};
        const whole = await read(filter);
        expect(whole.length).toBeGreaterThanOrEqual(CELLS.length);
        const parts = await Promise.all(PLANS.map((plan) => read({ ...filter, segment: { plan } })));
        expect(sumByKey(parts.flat())).toEqual(sumByKey(whole));
      }
    }
  });
});

describe('migration 0013', () => {
  it('backfills the cell tables from the aggregates, equal to a recomputation, and its down drops them', async () => {
    const scratch = await createScratchDb();
    const { db, migrator } = scratch;
    const exists = async () =>
      (await sql<{ t: string | null }>`select to_regclass('pain_point_weekly_cells')::text as t`.execute(db))
        .rows[0]!.t;
    try {
      expect((await migrator.migrateTo('0012_item_search')).error).toBeUndefined();
      await seedAt0012(db as Kysely<any>);
      await migrateToLatest(db);
      const cells = await sql<{ n: number; mentions: number }>`
        select count(*)::int as n, sum(mentions)::int as mentions from pain_point_weekly_cells`.execute(db);
      expect(cells.rows[0]).toEqual({ n: 2, mentions: 4 });
      expect(await findAggregateDrift(db)).toEqual([]);
      expect((await migrator.migrateTo('0012_item_search')).error).toBeUndefined();
      expect(await exists()).toBeNull();
      await migrateToLatest(db);
      expect(await exists()).toBe('pain_point_weekly_cells');
    } finally {
      await scratch.drop();
    }
  });
});

/** Four items in two plans over two weeks, their aggregates as 0012 kept them. */
async function seedAt0012(db: Kysely<any>): Promise<void> {
  for (const [id, day, plan] of [
    [1, '2026-03-02', 'free'],
    [2, '2026-03-03', 'pro'],
    [3, '2026-03-10', 'free'],
    [4, '2026-03-10', 'pro'],
  ] as const) {
    await sql`
      insert into feedback_items (source, format, external_id, content_hash, received_at, received_day, text,
        segment, sentiment_label, sentiment_score, stage, touchpoint, taxonomy_version, tagger_version)
      values ('survey', 'survey', ${String(id)}, 'h', ${`${day}T10:00:00Z`}, ${day}, 'late',
        ${JSON.stringify({ plan })}, 'negative', -0.5, 'fulfilment', 'delivery', 't', 'g')`.execute(db);
  }
  await sql`
    insert into feedback_mentions (item_id, ordinal, start_offset, end_offset, stage, touchpoint,
      sentiment_label, sentiment_score, evidence)
    select id, 0, 0, 4, 'fulfilment', 'delivery', 'negative', -0.5, '[]'::json from feedback_items`.execute(
    db,
  );
  await sql`insert into pain_point_daily select * from pain_point_daily_recomputed`.execute(db);
  await sql`
    insert into pain_point_weekly
    select date_trunc('week', day)::date, stage, touchpoint, source, segment, sum(mentions), sum(negative),
           sum(neutral), sum(positive), sum(sentiment_sum), sum(negative_intensity_sum), sum(items)
    from pain_point_daily group by 1, stage, touchpoint, source, segment`.execute(db);
}
