// The journey's spread tables (migration 0015): the per-stage spread of clause sentiment read from
// them equals the computation from the raw mentions it replaced (on the demo data, any filter, whole
// weeks or not); inserts, edits, erasure and retention keep them exact; the oracle sees tampering and
// repair mends it; the migration backfills them and its down drops them.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellFilter } from '../../src/aggregate/cell-days.query.js';
import {
  type JourneyPeriods,
  queryStageSpread,
  type StageSpreadRow,
} from '../../src/aggregate/journey.query.js';
import { forget } from '../../src/pipeline/forget.js';
import { runRetention } from '../../src/pipeline/retention.js';
import { verifyAggregates } from '../../src/pipeline/verify.js';
import type { Runtime } from '../../src/runtime.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import type { Db } from '../../src/storage/db.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { demoRuntime } from './demo-runtime.js';
import { createScratchDb, itemRow, mentionRow } from './helpers.js';

/**
 * The spread as the journey computed it before migration 0015, from the raw mentions: per item its
 * clauses in the stage (c) and their summed score (s), then the cluster-robust squared error.
 */
async function rawStageSpread(
  db: Db,
  periods: JourneyPeriods,
  filter: CellFilter,
): Promise<StageSpreadRow[]> {
  const { current, previous } = periods;
  const source = filter.source ? sql`and i.source = ${filter.source}` : sql``;
  const segment = filter.segment ? sql`and i.segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``;
  const result = await sql<StageSpreadRow>`
    with per_item as (
      select case when i.received_day >= ${current.from}::date then 'current' else 'previous' end as period,
             m.stage, count(*)::float8 as c, sum(m.sentiment_score::float8) as s
      from feedback_mentions m
      join feedback_items i on i.id = m.item_id
      where i.received_day between ${previous.from}::date and ${current.to}::date ${source} ${segment}
      group by 1, m.stage, m.item_id
    ), sums as (
      select period, stage, count(*)::int as items, sum(c) as n, sum(s) as total,
             sum(s * s) as ss, sum(s * c) as sc, sum(c * c) as cc
      from per_item group by period, stage
    )
    select period, stage, n::int as mentions, items,
           case when items < 2 then null
                else greatest(0, items::float8 / (items - 1)
                                 * (ss - 2 * (total / n) * sc + (total / n) ^ 2 * cc) / (n * n)) end
             as squared_error
    from sums
    order by period, stage`.execute(db);
  return result.rows;
}

const PERIODS: Array<[string, JourneyPeriods]> = [
  [
    'four whole weeks after four',
    {
      previous: { from: '2026-03-30', to: '2026-04-26' },
      current: { from: '2026-04-27', to: '2026-05-24' },
    },
  ],
  [
    'periods that split weeks',
    {
      previous: { from: '2026-04-01', to: '2026-04-17' },
      current: { from: '2026-04-18', to: '2026-05-04' },
    },
  ],
];
const FILTERS: Array<[string, CellFilter]> = [
  ['no filter', {}],
  ['a segment', { segment: { plan: 'pro' } }],
  ['a source and a segment', { source: 'survey', segment: { persona: 'business' } }],
];

/** The spread from the tables equals the raw one: counts exactly, squared errors within rounding. */
async function expectSpreadEqualsRaw(db: Db, periods: JourneyPeriods, filter: CellFilter): Promise<number> {
  const [stored, raw] = await Promise.all([
    queryStageSpread(db, periods, filter),
    rawStageSpread(db, periods, filter),
  ]);
  const counts = (rows: StageSpreadRow[]) =>
    rows.map((r) => `${r.period} ${r.stage} ${r.mentions} ${r.items}`);
  expect(counts(stored)).toEqual(counts(raw));
  for (const [i, r] of raw.entries()) {
    const s = stored[i]!.squared_error;
    if (r.squared_error === null) expect(s).toBeNull();
    else expect(Math.abs(s! - r.squared_error)).toBeLessThanOrEqual(1e-12 + 1e-9 * r.squared_error);
  }
  return raw.filter((r) => r.squared_error !== null && r.squared_error > 0).length;
}

/** Item i of a synthetic source: a March 2026 day, 1–3 mentions, two of them often in one stage. */
function item(i: number, version = 0): ItemRow {
  const day = new Date(Date.UTC(2026, 2, 2 + (i % 28))).toISOString().slice(0, 10);
  const stages = ['fulfilment', 'purchase', 'fulfilment', 'onboarding'];
  const mention = (ordinal: number) => {
    const stage = stages[(i + ordinal * (version + 1)) % stages.length]!;
    const negative = (i * 7 + ordinal + version) % 3 === 0;
    const score = negative ? -0.25 - (i % 5) / 10 : 0.125 + ((i + version) % 4) / 10;
    return mentionRow({
      ordinal,
      stage,
      touchpoint: 'other',
      label: negative ? 'negative' : 'positive',
      score,
    });
  };
  return itemRow({
    source: 'synthetic',
    externalId: `e-${i}`,
    contentHash: `h-${i}-${version}`,
    day,
    text: `text ${i} ${version}`,
    customerId: `s-${i % 20}`,
    segmentJson: JSON.stringify({ plan: ['free', 'plus', 'pro'][i % 3] }),
    mentions: [0, 1, 2].slice(0, 1 + (i % 3)).map(mention),
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const write = (db: Db, rows: ItemRow[]) => db.transaction().execute((trx) => writeTaggedItems(trx, rows));

let rt: Runtime;
beforeAll(async () => {
  rt = await demoRuntime();
}, 180_000);
afterAll(async () => rt.close());

describe('the journey spread from the spread tables', () => {
  it('equals the raw computation on the demo data, for every period and filter', async () => {
    let spread = 0;
    for (const [, periods] of PERIODS) {
      for (const [, filter] of FILTERS) spread += await expectSpreadEqualsRaw(rt.db, periods, filter);
    }
    expect(spread).toBeGreaterThan(20);
    expect(await findAggregateDrift(rt.db)).toEqual([]);
  });

  it('stays exact through inserts, edits, erasure and retention', async () => {
    await write(
      rt.db,
      range(0, 120).map((i) => item(i)),
    );
    // Edits move clauses between stages and change scores: the old items' sums go, the new ones come.
    await write(
      rt.db,
      range(60, 120).map((i) => item(i, 1)),
    );
    await forget(rt.db, { selector: { kind: 'customer', customerId: 's-3' }, actor: 'test' });
    await forget(rt.db, {
      selector: { kind: 'record', source: 'synthetic', externalId: 'e-64' },
      actor: 'test',
    });
    const before = await sql<{ n: number }>`select count(*)::int as n from stage_spread_daily`.execute(rt.db);
    const retention = await runRetention(rt.db, {
      months: 6,
      now: new Date('2026-09-15T00:00:00Z'),
      actor: 'test',
    });
    expect(retention.counts.items).toBeGreaterThan(0);
    const after = await sql<{ n: number }>`select count(*)::int as n from stage_spread_daily`.execute(rt.db);
    expect(after.rows[0]!.n).toBeLessThan(before.rows[0]!.n);
    expect(await findAggregateDrift(rt.db)).toEqual([]);
    const march: JourneyPeriods = {
      previous: { from: '2026-03-02', to: '2026-03-15' },
      current: { from: '2026-03-16', to: '2026-03-29' },
    };
    for (const filter of [{}, { source: 'synthetic' }, { segment: { plan: 'plus' } }]) {
      await expectSpreadEqualsRaw(rt.db, march, filter);
    }
  });

  it.each([
    ['stage_spread_daily', 'day', '2026-04-08'],
    ['stage_spread_weekly', 'week', '2026-04-13'],
  ])('verify reports tampering with %s and repair mends it', async (table, key, bucket) => {
    const name = sql.table(table);
    // The bucket's two busiest rows: one has its sum of squares changed, the other goes.
    const busiest = await sql<{ stage: string; source: string; segment: string }>`
      select stage, source, segment::text as segment from ${name} where ${sql.ref(key)} = ${bucket}::date
      order by items desc, stage, source, segment limit 2`.execute(rt.db);
    const [changed, deleted] = busiest.rows;
    const row = (r: typeof changed) =>
      sql`${sql.ref(key)} = ${bucket}::date and stage = ${r!.stage} and source = ${r!.source}
        and segment = ${r!.segment}::jsonb`;
    await sql`update ${name} set score_sq_sum = score_sq_sum + 0.5 where ${row(changed)}`.execute(rt.db);
    await sql`delete from ${name} where ${row(deleted)}`.execute(rt.db);
    const seen = await verifyAggregates(rt.db);
    expect(seen.drift).toBe(2);
    expect(
      seen.sample.map((d) => `${d.table} ${d.side} ${d.day} ${d.stage} ${d.source} ${d.touchpoint}`).sort(),
    ).toEqual(
      [
        `${table} differs ${bucket} ${changed!.stage} ${changed!.source} null`,
        `${table} missing ${bucket} ${deleted!.stage} ${deleted!.source} null`,
      ].sort(),
    );
    const repaired = await verifyAggregates(rt.db, { repair: true });
    expect(repaired.rebuiltDays).toEqual([bucket]);
    expect(repaired.drift).toBe(0);
  });
});

describe('migration 0015', () => {
  it('backfills the spread tables from the raw mentions, and its down drops them', async () => {
    const scratch = await createScratchDb();
    const { db, migrator } = scratch;
    const rows = async () =>
      (
        await sql<{ daily: number; weekly: number }>`
          select (select count(*)::int from stage_spread_daily) as daily,
                 (select count(*)::int from stage_spread_weekly) as weekly`.execute(db)
      ).rows[0]!;
    try {
      await migrateToLatest(db);
      await write(
        db,
        range(0, 90).map((i) => item(i)),
      );
      const kept = await rows();
      expect(kept.daily).toBeGreaterThan(50);
      expect((await migrator.migrateTo('0014_drop_versions_index')).error).toBeUndefined();
      const gone = await sql<{
        t: string | null;
      }>`select to_regclass('stage_spread_daily')::text as t`.execute(db);
      expect(gone.rows[0]!.t).toBeNull();
      await migrateToLatest(db);
      expect(await rows()).toEqual(kept);
      expect(await findAggregateDrift(db)).toEqual([]);
    } finally {
      await scratch.drop();
    }
  });
});
