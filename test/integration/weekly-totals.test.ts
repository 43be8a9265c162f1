// pain_point_weekly_totals (migration 0024): the weekly cells summed over sources, kept exact by the
// write path (inserts, edits, erasure), checked by the oracle and mended by repairs, backfilled by its
// migration, and read by the heatmap with no source or segment filter, packed a row per week.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HeatmapFilter,
  heatmapSql,
  packedWeeksSql,
  queryHeatmap,
} from '../../src/aggregate/heatmap.query.js';
import { forgetWithin } from '../../src/pipeline/forget.js';
import { verifyAggregates } from '../../src/pipeline/verify.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import type { Db } from '../../src/storage/db.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createScratchDb, createTestDb, itemRow, mentionRow, type TestDb } from './helpers.js';

const SOURCES = ['survey', 'app-review', 'support-ticket'];
const CELLS = [
  ['fulfilment', 'delivery'],
  ['purchase', 'checkout'],
  ['support', 'live_chat'],
] as const;

/** Item i: a day among 30 from Wednesday 2026-03-04, three sources, two plans, 1–2 mentions; `version` moves them. */
function item(i: number, version = 0): ItemRow {
  const day = new Date(Date.UTC(2026, 2, 4 + (i % 30))).toISOString().slice(0, 10);
  const mention = (ordinal: number) => {
    const [stage, touchpoint] = CELLS[(i + ordinal + version) % CELLS.length]!;
    const negative = (i * 5 + ordinal + version) % 3 === 0;
    const score = negative ? -0.3 - (i % 7) / 13 : 0.1 + (i % 5) / 11;
    return mentionRow({ ordinal, stage, touchpoint, label: negative ? 'negative' : 'positive', score });
  };
  return itemRow({
    source: SOURCES[i % SOURCES.length]!,
    externalId: `e-${i}`,
    contentHash: `h-${i}-${version}`,
    day,
    text: `text ${i} ${version}`,
    customerId: `c-${i % 9}`,
    segmentJson: JSON.stringify({ plan: i % 2 === 0 ? 'free' : 'pro' }),
    mentions: i % 2 === 0 ? [mention(0), mention(1)] : [mention(0)],
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const write = (db: Db, rows: ItemRow[]) => db.transaction().execute((trx) => writeTaggedItems(trx, rows));

/** The totals table beside a recomputation from raw items summed by week and cell: the rows that differ. */
async function differenceFromRecomputation(db: Db): Promise<unknown[]> {
  const cols = sql`week, stage, touchpoint, mentions, negative, neutral, positive, items,
    round(sentiment_sum::numeric, 6) as s, round(negative_intensity_sum::numeric, 6) as n`;
  const truth = sql`
    select date_trunc('week', day)::date as week, stage, touchpoint, sum(mentions)::int as mentions,
           sum(negative)::int as negative, sum(neutral)::int as neutral, sum(positive)::int as positive,
           sum(items)::int as items, sum(sentiment_sum) as sentiment_sum,
           sum(negative_intensity_sum) as negative_intensity_sum
    from pain_point_daily_recomputed group by 1, stage, touchpoint`;
  const result = await sql`
    (select ${cols} from pain_point_weekly_totals except select ${cols} from (${truth}) a)
    union all (select ${cols} from (${truth}) a except select ${cols} from pain_point_weekly_totals)`.execute(
    db,
  );
  return result.rows;
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  for (const batch of [range(0, 120), range(120, 240)])
    await write(
      t.db,
      batch.map((i) => item(i)),
    );
});
afterAll(async () => t?.drop());

describe('pain_point_weekly_totals', () => {
  it('the write path keeps it equal to a recomputation from raw items, through inserts, edits and erasure', async () => {
    const rows = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from pain_point_weekly_totals`.execute(t.db))
        .rows[0]!.n;
    expect(await rows()).toBeGreaterThan(10);
    expect(await differenceFromRecomputation(t.db)).toEqual([]);
    // Edits move mentions to other cells (and days stay): the delta takes the old cells away.
    await write(
      t.db,
      range(60, 150).map((i) => item(i, 1)),
    );
    expect(await differenceFromRecomputation(t.db)).toEqual([]);
    // Erasure subtracts a customer's items; cells it empties are deleted, not left at zero.
    await t.db.transaction().execute((trx) => forgetWithin(trx, { kind: 'customer', customerId: 'c-4' }));
    await t.db.transaction().execute((trx) => forgetWithin(trx, { kind: 'customer', customerId: 'c-5' }));
    expect(await differenceFromRecomputation(t.db)).toEqual([]);
    const zero = await sql<{ n: number }>`
      select count(*)::int as n from pain_point_weekly_totals where mentions = 0`.execute(t.db);
    expect(zero.rows[0]!.n).toBe(0);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('verify reports tampering with it and repair mends it', async () => {
    const week = '2026-03-09';
    await sql`update pain_point_weekly_totals set negative = negative + 1
      where week = ${week}::date and touchpoint = 'delivery'`.execute(t.db);
    await sql`delete from pain_point_weekly_totals where week = ${week}::date and touchpoint = 'checkout'`.execute(
      t.db,
    );
    await sql`insert into pain_point_weekly_totals (week, stage, touchpoint, mentions, negative, neutral, positive,
      sentiment_sum, negative_intensity_sum, items)
      values (${week}::date, 'usage', 'product', 1, 0, 1, 0, 0, 0, 1)`.execute(t.db);
    const seen = await verifyAggregates(t.db);
    expect(seen.drift).toBe(3);
    expect(
      seen.sample.map((d) => `${d.table} ${d.side} ${d.day} ${d.touchpoint} ${d.source}`).sort(),
    ).toEqual([
      `pain_point_weekly_totals differs ${week} delivery null`,
      `pain_point_weekly_totals extra ${week} product null`,
      `pain_point_weekly_totals missing ${week} checkout null`,
    ]);
    const repaired = await verifyAggregates(t.db, { repair: true });
    expect(repaired.drift).toBe(0);
    expect(await differenceFromRecomputation(t.db)).toEqual([]);
  });

  it('serves the heatmap of whole weeks with no filter, equal to the sum over sources', async () => {
    const filter = { bucket: 'week', from: '2026-03-09', to: '2026-03-29' } as const;
    const plan = await sql<{ 'QUERY PLAN': string }>`explain ${packedWeeksSql(filter)!}`.execute(t.db);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('pain_point_weekly_totals');
    expect(text).not.toContain('pain_point_weekly_cells');
    const whole = await queryHeatmap(t.db, filter);
    expect(new Set(whole.map((r) => r.bucket_start))).toEqual(
      new Set(['2026-03-09', '2026-03-16', '2026-03-23']),
    );
    const parts = (
      await Promise.all(SOURCES.map((source) => queryHeatmap(t.db, { ...filter, source })))
    ).flat();
    const summed = new Map<string, { mentions: number; negative: number; items: number; pain: string }>();
    for (const r of parts) {
      const key = `${r.bucket_start} ${r.stage} ${r.touchpoint}`;
      const into = summed.get(key) ?? { mentions: 0, negative: 0, items: 0, pain: '0' };
      summed.set(key, {
        mentions: into.mentions + r.mentions,
        negative: into.negative + r.negative,
        items: into.items + r.items,
        pain: (Number(into.pain) + r.negative_intensity_sum).toFixed(6),
      });
    }
    const fromTotals = new Map(
      whole.map((r) => [
        `${r.bucket_start} ${r.stage} ${r.touchpoint}`,
        {
          mentions: r.mentions,
          negative: r.negative,
          items: r.items,
          pain: r.negative_intensity_sum.toFixed(6),
        },
      ]),
    );
    expect(fromTotals).toEqual(summed);
  });
});

describe('the default heatmap packed by week', () => {
  const FILTERS: HeatmapFilter[] = [
    { bucket: 'week' },
    { bucket: 'week', from: '2026-03-09', to: '2026-03-29' },
    { bucket: 'week', from: '2026-03-16' },
    { bucket: 'week', to: '2026-03-22' },
    { bucket: 'week', from: '2026-06-01', to: '2026-06-28' }, // no data
  ];

  it('is read for the unfiltered whole weeks only', () => {
    for (const filter of FILTERS) expect(packedWeeksSql(filter)).not.toBeNull();
    for (const filter of [
      { bucket: 'week', from: '2026-03-10', to: '2026-03-29' }, // a partial week
      { bucket: 'week', source: 'survey' },
      { bucket: 'week', segment: { plan: 'pro' } },
      { bucket: 'month' },
    ] as HeatmapFilter[])
      expect(packedWeeksSql(filter)).toBeNull();
  });

  it('unpacks to the rows the grouped read gives, names with commas, quotes, newlines and accents included', async () => {
    const odd = [
      ['a,b "c"', 'x\ny'],
      ['über', 'tab\there'],
      ['[1]', '\\,'],
    ] as const;
    await write(
      t.db,
      odd.map(([stage, touchpoint], i) =>
        itemRow({
          source: 'survey',
          externalId: `odd-${i}`,
          day: '2026-03-17',
          mentions: [mentionRow({ ordinal: 0, stage, touchpoint, label: 'negative', score: -0.1 - i / 7 })],
        }),
      ),
    );
    for (const filter of FILTERS) {
      const grouped = (await heatmapSql(filter).execute(t.db)).rows;
      expect(JSON.stringify(await queryHeatmap(t.db, filter))).toBe(JSON.stringify(grouped));
    }
    const names = (await queryHeatmap(t.db, { bucket: 'week' })).map((r) => [r.stage, r.touchpoint]);
    for (const cell of odd) expect(names).toContainEqual(cell);
  });

  it('unpacks non-finite sums as the numbers the grouped read gives', async () => {
    const rolledBack = new Error('roll back');
    const read = t.db.transaction().execute(async (trx) => {
      await sql`update pain_point_weekly_totals set sentiment_sum = 'NaN', negative_intensity_sum = 'Infinity'
        where week = '2026-03-16' and touchpoint = 'delivery'`.execute(trx);
      const filter: HeatmapFilter = { bucket: 'week' };
      const packed = await queryHeatmap(trx, filter);
      const grouped = (await heatmapSql(filter).execute(trx)).rows;
      expect(packed).toEqual(grouped);
      expect(packed.some((r) => Number.isNaN(r.sentiment_sum) && r.negative_intensity_sum === Infinity)).toBe(
        true,
      );
      throw rolledBack;
    });
    await expect(read).rejects.toBe(rolledBack);
  });
});

describe('migration 0024', () => {
  it('backfills the totals by summing the weekly cells over sources, and its down drops them', async () => {
    const scratch = await createScratchDb();
    const { db, migrator } = scratch;
    const exists = async () =>
      (await sql<{ t: string | null }>`select to_regclass('pain_point_weekly_totals')::text as t`.execute(db))
        .rows[0]!.t;
    try {
      expect((await migrator.migrateTo('0023_segment_gin_indexes')).error).toBeUndefined();
      expect(await exists()).toBeNull();
      // The write path at 0023 knew nothing of the totals: items written before the migration.
      await sql`insert into pain_point_weekly_cells (week, stage, touchpoint, source, mentions, negative, neutral,
        positive, sentiment_sum, negative_intensity_sum, items)
        values ('2026-03-02', 'fulfilment', 'delivery', 'survey', 3, 2, 1, 0, -0.75, 1.25, 2),
               ('2026-03-02', 'fulfilment', 'delivery', 'app-review', 1, 1, 0, 0, -0.5, 0.5, 1),
               ('2026-03-09', 'purchase', 'checkout', 'survey', 2, 0, 1, 1, 0.25, 0, 2)`.execute(db);
      await migrateToLatest(db);
      const totals = await sql`
        select week::text as week, stage, touchpoint, mentions, negative, neutral, positive, sentiment_sum,
               negative_intensity_sum, items
        from pain_point_weekly_totals order by week`.execute(db);
      expect(totals.rows).toEqual([
        {
          week: '2026-03-02',
          stage: 'fulfilment',
          touchpoint: 'delivery',
          mentions: 4,
          negative: 3,
          neutral: 1,
          positive: 0,
          sentiment_sum: -1.25,
          negative_intensity_sum: 1.75,
          items: 3,
        },
        {
          week: '2026-03-09',
          stage: 'purchase',
          touchpoint: 'checkout',
          mentions: 2,
          negative: 0,
          neutral: 1,
          positive: 1,
          sentiment_sum: 0.25,
          negative_intensity_sum: 0,
          items: 2,
        },
      ]);
      expect((await migrator.migrateTo('0023_segment_gin_indexes')).error).toBeUndefined();
      expect(await exists()).toBeNull();
      await migrateToLatest(db);
      expect(await exists()).toBe('pain_point_weekly_totals');
    } finally {
      await scratch.drop();
    }
  });

  it('on a database the write path filled, backfills what a recomputation from raw items gives', async () => {
    const scratch = await createScratchDb();
    const { db, migrator } = scratch;
    try {
      await migrateToLatest(db);
      await write(
        db,
        range(0, 90).map((i) => item(i)),
      );
      expect((await migrator.migrateTo('0023_segment_gin_indexes')).error).toBeUndefined();
      await migrateToLatest(db);
      expect(await differenceFromRecomputation(db)).toEqual([]);
      expect(await findAggregateDrift(db)).toEqual([]);
    } finally {
      await scratch.drop();
    }
  });
});
