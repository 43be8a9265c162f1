import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { countAggregateDrift } from '../../src/storage/aggregate-drift.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { createTestDb, itemRow, mentionRow, type TestDb } from './helpers.js';

const MIGRATION = '0020_views_join_on_day';
const VIEWS = ['pain_point_daily_recomputed', 'stage_spread_daily_recomputed', 'score_item_cells'] as const;
type View = (typeof VIEWS)[number];
/** The day column of each view. */
const DAY: Record<View, string> = {
  pain_point_daily_recomputed: 'day',
  stage_spread_daily_recomputed: 'day',
  score_item_cells: 'received_day',
};

const CELLS = [
  ['fulfilment', 'delivery'],
  ['purchase', 'checkout'],
  ['support', 'agent'],
] as const;
const LABELS = ['negative', 'neutral', 'positive', 'negative'] as const;

/**
 * 60 items over five months (2026-01 … 2026-05), two days a month apart per item number: one to
 * three mentions each across three cells and all labels; every other item is an NPS answer.
 */
function seedRows(): ItemRow[] {
  return Array.from({ length: 60 }, (_, n) => {
    const day = `2026-0${1 + (n % 5)}-${String(3 + (n % 7) * 3).padStart(2, '0')}`;
    const mentions = Array.from({ length: 1 + (n % 3) }, (_, ordinal) => {
      const [stage, touchpoint] = CELLS[(n + ordinal) % CELLS.length]!;
      const label = LABELS[(n + 2 * ordinal) % LABELS.length]!;
      const score = label === 'negative' ? -0.4 - ordinal / 10 : label === 'positive' ? 0.7 : 0.05;
      return mentionRow({ ordinal, stage, touchpoint, label, score });
    });
    const rated = n % 2 === 0 ? { rating: n % 11, ratingScale: 'nps' as const, ratingUsed: true } : {};
    return itemRow({ externalId: `v-${n}`, day, customerId: `c-${n % 9}`, mentions, ...rated });
  });
}

let t: TestDb;
let migrator: Migrator;
let rows: ItemRow[];
beforeAll(async () => {
  t = await createTestDb();
  migrator = new Migrator({
    db: t.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'painmap_migrations',
    migrationLockTableName: 'painmap_migrations_lock',
  });
  rows = seedRows();
  await t.db.transaction().execute((trx) => writeTaggedItems(trx, rows.slice(0, 30)));
  await t.db.transaction().execute((trx) => writeTaggedItems(trx, rows.slice(30)));
});
afterAll(() => t.drop());

/** Every row of a view, as text, in a stable order. */
async function contents(view: View): Promise<string[]> {
  const { rows: found } = await sql<{ r: string }>`select v::text as r from ${sql.table(view)} v`.execute(
    t.db,
  );
  return found.map((row) => row.r).sort();
}

/**
 * The month partitions a read of one day of `view` actually scans: EXPLAIN ANALYZE, keeping the
 * partitions whose scan ran (pruned at plan time they are absent; at run time, never executed).
 */
async function partitionsScanned(view: View, day: string): Promise<string[]> {
  const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> }>`
    explain (analyze, costs off, timing off, format json)
    select * from ${sql.table(view)} where ${sql.ref(DAY[view])} = ${day}::date`.execute(t.db);
  const scanned = new Set<string>();
  const walk = (node: Record<string, unknown>) => {
    const name = node['Relation Name'];
    if (typeof name === 'string' && /_p\d{6}$/.test(name) && Number(node['Actual Loops']) > 0)
      scanned.add(name);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(plan.rows[0]!['QUERY PLAN'][0]!.Plan);
  return [...scanned].sort();
}

/** score_item_cells as the seeded rows say it must be: per rated item, its negative mentions by cell. */
function expectedScoreItemCells(): string[] {
  const cells: string[] = [];
  for (const row of rows.filter((r) => r.rating !== null)) {
    const negative = new Map<string, number>();
    for (const m of row.mentions.filter((m) => m.label === 'negative')) {
      const key = `${m.stage}|${m.touchpoint}`;
      negative.set(key, (negative.get(key) ?? 0) + 1);
    }
    const found = negative.size === 0 ? [['|', null] as const] : [...negative];
    for (const [cell, count] of found)
      cells.push(`${row.externalId}|${row.day}|${row.rating}|${cell}|${count}`);
  }
  return cells.sort();
}

async function scoreItemCells(): Promise<string[]> {
  const { rows: found } = await sql<{ r: string }>`
    select concat_ws('|', i.external_id, c.received_day, c.rating, coalesce(c.stage, ''), coalesce(c.touchpoint, ''),
                     coalesce(c.negative_mentions::text, 'null')) as r
    from score_item_cells c join feedback_items i on i.id = c.item_id`.execute(t.db);
  return found.map((row) => row.r).sort();
}

describe(`the recompute views (migration ${MIGRATION})`, () => {
  it('equal the aggregate tables and the seeded rows over five months', async () => {
    expect(await countAggregateDrift(t.db)).toBe(0);
    const daily = await sql<{ mentions: number; days: number }>`
      select sum(mentions)::integer as mentions, count(distinct day)::integer as days
      from pain_point_daily_recomputed`.execute(t.db);
    expect(daily.rows[0]).toEqual({ mentions: 120, days: 35 });
    expect(await scoreItemCells()).toEqual(expectedScoreItemCells());
  });

  it('read one day from that month’s partitions only', async () => {
    for (const view of VIEWS) {
      expect({ view, scanned: await partitionsScanned(view, '2026-03-06') }).toEqual({
        view,
        scanned: ['feedback_items_p202603', 'feedback_mentions_p202603'],
      });
    }
  });

  it('return the same rows as the id-only join they replace, which read every month of mentions', async () => {
    const after = Object.fromEntries(
      await Promise.all(VIEWS.map(async (v) => [v, await contents(v)] as const)),
    );
    const previous = Object.keys(migrations)[Object.keys(migrations).indexOf(MIGRATION) - 1]!;
    expect((await migrator.migrateTo(previous)).error).toBeUndefined();
    try {
      for (const view of VIEWS) {
        expect(await contents(view)).toEqual(after[view]);
        const mentionMonths = (await partitionsScanned(view, '2026-03-06')).filter((p) =>
          p.includes('mentions'),
        );
        expect({ view, mentionMonths: mentionMonths.length }).toEqual({ view, mentionMonths: 5 });
      }
    } finally {
      expect((await migrator.migrateTo(MIGRATION)).error).toBeUndefined();
    }
    for (const view of VIEWS) expect(await contents(view)).toEqual(after[view]);
  });
});
