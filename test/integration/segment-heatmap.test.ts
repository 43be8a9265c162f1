// A segment-filtered heatmap (`segment=plan:pro`) reads pain_point_weekly and pain_point_daily with
// `segment @> …`; migration 0023 gives both a GIN index on segment so the read finds the segment's
// rows instead of scanning every segment's. The answers must not change.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HeatmapFilter, heatmapSql, queryHeatmap } from '../../src/aggregate/heatmap.query.js';
import type { Db } from '../../src/storage/db.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { createScratchDb, createTestDb, itemRow, mentionRow, type TestDb } from './helpers.js';

const PLANS = ['free', 'plus', 'pro'];
const REGIONS = ['eu', 'us', 'apac'];
const CELLS = [
  ['fulfilment', 'delivery'],
  ['purchase', 'checkout'],
  ['onboarding', 'account_login'],
] as const;

/** Item i: a day among 70 from Monday 2026-01-05, two sources, plan × region segments, 1–2 mentions. */
function item(i: number): ItemRow {
  const day = new Date(Date.UTC(2026, 0, 5 + (i % 70))).toISOString().slice(0, 10);
  const mention = (ordinal: number) => {
    const [stage, touchpoint] = CELLS[(i + ordinal) % CELLS.length]!;
    const negative = (i * 7 + ordinal) % 3 === 0;
    const score = negative ? -0.25 - (i % 5) / 10 : 0.125 + (i % 4) / 10;
    return mentionRow({ ordinal, stage, touchpoint, label: negative ? 'negative' : 'positive', score });
  };
  return itemRow({
    source: i % 5 === 0 ? 'app-review' : 'survey',
    externalId: `e-${i}`,
    contentHash: `h-${i}`,
    day,
    text: `text ${i}`,
    customerId: `c-${i % 40}`,
    segmentJson: JSON.stringify({ plan: PLANS[i % 3], region: REGIONS[i % 4 === 0 ? 2 : i % 2] }),
    mentions: i % 2 === 0 ? [mention(0), mention(1)] : [mention(0)],
  });
}

/** Segment-filtered reads: whole weeks, partial weeks at both edges, days, months, two keys, a source. */
const FILTERS: HeatmapFilter[] = [
  { bucket: 'week', from: '2026-01-05', to: '2026-03-15', segment: { plan: 'pro' } },
  { bucket: 'week', from: '2026-01-08', to: '2026-03-11', segment: { plan: 'free' } },
  { bucket: 'week', segment: { plan: 'plus', region: 'us' } },
  { bucket: 'week', from: '2026-01-05', to: '2026-03-15', source: 'survey', segment: { region: 'apac' } },
  { bucket: 'day', from: '2026-02-01', to: '2026-02-20', segment: { plan: 'pro' } },
  { bucket: 'month', segment: { region: 'eu' } },
  { bucket: 'week', segment: { plan: 'enterprise' } },
];

/** The heatmap's plan for `filter` with sequential scans off: which index, if any, can serve it. */
async function planOf(db: Db, filter: HeatmapFilter): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const rows = await sql<{ 'QUERY PLAN': string }>`explain ${heatmapSql(filter)}`.execute(trx);
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** The heatmap read with bitmap scans off, so no GIN index can serve it: the reading before 0023. */
async function readWithoutIndex(db: Db, filter: HeatmapFilter) {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_bitmapscan = off`.execute(trx);
    const plan = await sql<{ 'QUERY PLAN': string }>`explain ${heatmapSql(filter)}`.execute(trx);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).not.toContain('segment_idx');
    return queryHeatmap(trx, filter);
  });
}

/** The heatmap read with sequential scans off, so the GIN indexes serve it. */
async function readWithIndex(db: Db, filter: HeatmapFilter) {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    return queryHeatmap(trx, filter);
  });
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  const rows = Array.from({ length: 600 }, (_, i) => item(i));
  await t.db.transaction().execute((trx) => writeTaggedItems(trx, rows));
  await sql`analyze pain_point_weekly`.execute(t.db);
  await sql`analyze pain_point_daily`.execute(t.db);
}, 60_000);
afterAll(async () => t?.drop());

describe('a segment-filtered heatmap', () => {
  it('finds the segment’s weekly rows by the GIN index on segment', async () => {
    const plan = await planOf(t.db, FILTERS[0]!);
    expect(plan).toContain('Bitmap Index Scan on pain_point_weekly_segment_idx');
    expect(plan).not.toContain('Seq Scan on pain_point_weekly');
  });

  it('finds the segment’s daily rows by the GIN index on segment when no day range narrows them', async () => {
    // A short day range is served by the primary key (day first) and the segment filtered after.
    const plan = await planOf(t.db, FILTERS[5]!);
    expect(plan).toContain('Bitmap Index Scan on pain_point_daily_segment_idx');
    expect(plan).not.toContain('Seq Scan on pain_point_daily');
  });

  it('answers exactly what the read without the index answers, for every bucket and filter', async () => {
    for (const filter of FILTERS) {
      const before = await readWithoutIndex(t.db, filter);
      const after = await readWithIndex(t.db, filter);
      expect(after, JSON.stringify(filter)).toEqual(before);
      if (filter.segment?.plan !== 'enterprise')
        expect(after.length, JSON.stringify(filter)).toBeGreaterThan(5);
    }
  });
});

describe('migration 0023', () => {
  it('adds the two segment indexes, and goes down and up again', async () => {
    const scratch = await createScratchDb();
    const indexes = async () =>
      (
        await sql<{ name: string; def: string }>`
          select indexname as name, indexdef as def from pg_indexes
          where indexname in ('pain_point_weekly_segment_idx', 'pain_point_daily_segment_idx')
          order by 1`.execute(scratch.db)
      ).rows;
    try {
      expect((await scratch.migrator.migrateToLatest()).error).toBeUndefined();
      const all = await indexes();
      expect(all.map((r) => r.name)).toEqual([
        'pain_point_daily_segment_idx',
        'pain_point_weekly_segment_idx',
      ]);
      expect(all.every((r) => r.def.includes('USING gin (segment jsonb_path_ops)'))).toBe(true);
      expect((await scratch.migrator.migrateTo('0022_driver_scan_indexes')).error).toBeUndefined();
      expect(await indexes()).toEqual([]);
      expect((await scratch.migrator.migrateToLatest()).error).toBeUndefined();
      expect(await indexes()).toEqual(all);
    } finally {
      await scratch.drop();
    }
  });
});
