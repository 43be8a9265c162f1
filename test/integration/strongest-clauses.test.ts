// The strongest clauses of a cell (journey quotes, pain points' phrases and quotes, alert examples),
// read per cell from feedback_mentions_strongest_idx (migration 0017) by the day each mention carries,
// equal what the query they replaced returned from the period's items (on the demo data, both labels,
// any pool size, period and filter); a mention's day follows its item's through an edit; the migration
// backfills the day and its down drops it. And the journey's counts, read from the weekly cell table
// where whole weeks allow and from the daily one for the rest (its days now read as ranges), equal
// the daily table summed, for periods whole or split by weeks; the filters' choices, read from the
// weekly spread table, equal those read from the segmented weekly and daily cell tables.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellFilter } from '../../src/aggregate/cell-days.query.js';
import { queryClauses } from '../../src/aggregate/clauses.query.js';
import { type JourneyPeriods, queryJourneyCells } from '../../src/aggregate/journey.query.js';
import type { Period } from '../../src/aggregate/periods.js';
import type { ClauseRow } from '../../src/aggregate/quotes.js';
import { queryFilterChoices } from '../../src/api/filters.query.js';
import type { Runtime } from '../../src/runtime.js';
import type { Db } from '../../src/storage/db.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { demoRuntime } from './demo-runtime.js';
import { createScratchDb } from './helpers.js';

type Options = { label: 'negative' | 'positive'; perCell: number };

/** The clauses as queryClauses found them before migration 0017: the period's items, each one's mentions. */
async function clausesFromItems(
  db: Db,
  cells: ReadonlyArray<{ stage: string; touchpoint: string }>,
  period: Period,
  filter: CellFilter,
  options: Options,
): Promise<ClauseRow[]> {
  const strongest = options.label === 'positive' ? sql`m.sentiment_score desc` : sql`m.sentiment_score`;
  const result = await sql<
    Omit<ClauseRow, 'clause'> & { text: string; start_offset: number; end_offset: number }
  >`
    select stage, touchpoint, source, external_id, day, text, start_offset, end_offset, score, evidence from (
      select m.stage, m.touchpoint, i.source, i.external_id, i.received_day::text as day,
             i.text, m.start_offset, m.end_offset,
             m.sentiment_score::float8 as score, m.evidence,
             row_number() over (partition by m.stage, m.touchpoint
                                order by ${strongest}, i.received_day desc, i.id, m.ordinal) as n
      from feedback_items i
      cross join lateral (
        select * from feedback_mentions m
        where m.item_id = i.id and m.sentiment_label = ${options.label}
        offset 0
      ) m
      join unnest(${cells.map((c) => c.stage)}::text[], ${cells.map((c) => c.touchpoint)}::text[])
        as c(stage, touchpoint) on c.stage = m.stage and c.touchpoint = m.touchpoint
      where i.received_day between ${period.from}::date and ${period.to}::date
        ${filter.source ? sql`and i.source = ${filter.source}` : sql``}
        ${filter.segment ? sql`and i.segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}
    ) ranked
    where n <= ${options.perCell}
    order by stage, touchpoint, n`.execute(db);
  return result.rows.map(({ text, start_offset, end_offset, ...row }) => ({
    ...row,
    clause: text.slice(start_offset, end_offset),
  }));
}

const PERIODS: Array<[string, Period]> = [
  ['a week', { from: '2026-05-18', to: '2026-05-24' }],
  ['thirteen weeks', { from: '2026-02-23', to: '2026-05-24' }],
  ['days that split weeks', { from: '2026-04-01', to: '2026-04-17' }],
];
const FILTERS: Array<[string, CellFilter]> = [
  ['no filter', {}],
  ['a segment', { segment: { plan: 'pro' } }],
  ['a source and a segment', { source: 'survey', segment: { persona: 'business' } }],
];
const POOLS: Options[] = [
  { label: 'negative', perCell: 200 },
  { label: 'negative', perCell: 3 },
  { label: 'positive', perCell: 50 },
  { label: 'positive', perCell: 1 },
];

let rt: Runtime;
beforeAll(async () => {
  rt = await demoRuntime();
}, 180_000);
afterAll(async () => rt.close());

describe('the strongest clauses of cells', () => {
  it('equal the clauses read from the period’s items, on the demo data', async () => {
    const cells = (
      await sql<{ stage: string; touchpoint: string }>`
        select distinct stage, touchpoint from feedback_mentions order by stage, touchpoint`.execute(rt.db)
    ).rows;
    expect(cells.length).toBeGreaterThan(20);
    let compared = 0;
    for (const [, period] of PERIODS) {
      for (const [, filter] of FILTERS) {
        for (const options of POOLS) {
          const [stored, raw] = await Promise.all([
            queryClauses(rt.db, cells, period, filter, options),
            clausesFromItems(rt.db, cells, period, filter, options),
          ]);
          expect(stored).toEqual(raw);
          compared += raw.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('finds an edited item’s clauses on its new day only', async () => {
    const edited = (day: string, version: string): ItemRow => ({
      ...strongItem('moved', day),
      contentHash: `h-${version}`,
      text: `the courier lost it ${version}`,
    });
    await rt.db.transaction().execute((trx) => writeTaggedItems(trx, [edited('2026-03-03', 'a')]));
    await rt.db.transaction().execute((trx) => writeTaggedItems(trx, [edited('2026-03-10', 'b')]));
    const find = (day: string) =>
      queryClauses(
        rt.db,
        [{ stage: 'fulfilment', touchpoint: 'delivery' }],
        { from: day, to: day },
        { source: 'synthetic' },
        { label: 'negative', perCell: 10 },
      );
    expect(await find('2026-03-03')).toEqual([]);
    expect((await find('2026-03-10')).map((c) => [c.external_id, c.day, c.clause])).toEqual([
      ['moved', '2026-03-10', 'the courier'],
    ]);
  });
});

describe('the journey counts', () => {
  it('equal the daily cell table summed, whole weeks or not', async () => {
    const periods: JourneyPeriods[] = [
      {
        previous: { from: '2026-03-30', to: '2026-04-26' },
        current: { from: '2026-04-27', to: '2026-05-24' },
      },
      {
        previous: { from: '2026-04-01', to: '2026-04-17' },
        current: { from: '2026-04-18', to: '2026-05-04' },
      },
      {
        previous: { from: '2026-03-09', to: '2026-04-05' },
        current: { from: '2026-04-06', to: '2026-05-06' },
      },
      {
        previous: { from: '2026-04-08', to: '2026-04-10' },
        current: { from: '2026-04-11', to: '2026-04-13' },
      },
    ];
    const daily = async ({ current, previous }: JourneyPeriods) =>
      (
        await sql<Record<string, string | number>>`
          select case when day >= ${current.from}::date then 'current' else 'previous' end as period,
                 stage, touchpoint, sum(mentions)::int as mentions, sum(negative)::int as negative,
                 sum(neutral)::int as neutral, sum(positive)::int as positive,
                 round(sum(sentiment_sum)::numeric, 6)::text as sentiment_sum,
                 round(sum(negative_intensity_sum)::numeric, 6)::text as negative_intensity_sum
          from pain_point_daily_cells where day between ${previous.from}::date and ${current.to}::date
          group by 1, stage, touchpoint order by 1, stage, touchpoint`.execute(rt.db)
      ).rows;
    let rows = 0;
    for (const p of periods) {
      const read = (await queryJourneyCells(rt.db, p, {})).map((r) => ({
        ...r,
        sentiment_sum: r.sentiment_sum.toFixed(6),
        negative_intensity_sum: r.negative_intensity_sum.toFixed(6),
      }));
      expect(read).toEqual(await daily(p));
      rows += read.length;
    }
    expect(rows).toBeGreaterThan(100);
  });
});

describe('the filters’ choices', () => {
  it('equal the sources and segment values of the cell tables, by mentions', async () => {
    const sources = await sql<{ source: string }>`
      select distinct source from pain_point_daily_cells order by source`.execute(rt.db);
    const segments = await sql<{ key: string; value: string }>`
      select s.key, s.value from pain_point_weekly, jsonb_each_text(segment) s
      group by s.key, s.value order by s.key, sum(mentions) desc, s.value`.execute(rt.db);
    const choices = await queryFilterChoices(rt.db);
    expect(choices.sources).toEqual(sources.rows.map((r) => r.source));
    expect(choices.segments).toEqual(segments.rows);
    expect(choices.segments.length).toBeGreaterThan(5);
  });
});

/** A synthetic item with one strongly negative delivery clause (its first 11 characters). */
function strongItem(externalId: string, day: string): ItemRow {
  return {
    source: 'synthetic',
    externalId,
    contentHash: 'h',
    receivedAt: `${day}T10:00:00.000Z`,
    day,
    text: 'the courier lost it',
    rating: null,
    ratingScale: null,
    channel: 'survey',
    customerId: null,
    segmentJson: '{}',
    language: 'en',
    label: 'negative',
    score: -0.9,
    ratingUsed: false,
    stage: 'fulfilment',
    touchpoint: 'delivery',
    taxonomyVersion: 't1',
    taggerVersion: 'g1',
    runId: null,
    mentions: [
      {
        ordinal: 0,
        start: 0,
        end: 11,
        stage: 'fulfilment',
        touchpoint: 'delivery',
        label: 'negative',
        score: -0.9,
        evidenceJson: '[]',
      },
    ],
  };
}

describe('migration 0017', () => {
  it('backfills every mention’s day from its item, and its down drops the column', async () => {
    const scratch = await createScratchDb();
    const { db, migrator } = scratch;
    const days = async () =>
      (
        await sql<{ mentions: number; off: number }>`
          select count(*)::int as mentions,
                 count(*) filter (where m.received_day is distinct from i.received_day)::int as off
          from feedback_mentions m join feedback_items i on i.id = m.item_id`.execute(db)
      ).rows[0]!;
    try {
      await migrateToLatest(db);
      const rows = ['2026-03-02', '2026-03-09', '2026-04-01'].map((d, k) => strongItem(`m-${k}`, d));
      await db.transaction().execute((trx) => writeTaggedItems(trx, rows));
      expect(await days()).toEqual({ mentions: 3, off: 0 });
      expect((await migrator.migrateTo('0016_item_search_vector')).error).toBeUndefined();
      const column = await sql`select 1 from information_schema.columns
        where table_name = 'feedback_mentions' and column_name = 'received_day'`.execute(db);
      expect(column.rows).toEqual([]);
      await migrateToLatest(db);
      expect(await days()).toEqual({ mentions: 3, off: 0 });
    } finally {
      await scratch.drop();
    }
  });
});
