// The aggregate tables are derived from raw mentions: pain_point_daily (a row per day and cell),
// pain_point_weekly (the same summed by ISO week), and pain_point_daily_cells / pain_point_weekly_cells
// (those two summed over segments, for reads with no segment filter), pain_point_weekly_totals (the
// weekly ones summed over sources too, for the default heatmap), and beside them the journey's
// per-stage spread sums (stage-spread.repository.ts). The write path keeps all of them
// current with a delta per batch in the batch's own transaction (applyAggregateDelta); a day (and
// its week) can also be rebuilt whole from the recomputation view (repairs). Writers hold a shared
// advisory lock while they apply a delta and a rebuild holds it exclusively, so a rebuild never
// interleaves with a delta.
// Every insert names its columns: nothing depends on the tables' column order.
import { sql, type Transaction } from 'kysely';
import { CELL, cellAndSums, refs, summed, TOTALS, UNSEGMENTED, WEEK } from './aggregate-columns.js';
import { type AggregateDelta, upsertAggregateDelta } from './aggregate-delta.js';
import type { Db } from './db.js';
import { rebuildSpreadDay } from './stage-spread.repository.js';
import type { Database } from './tables.js';

export type { CellCounts, CellSums } from './aggregate-columns.js';
export type { AggregateDelta } from './aggregate-delta.js';
export {
  type AggregateDrift,
  countAggregateDrift,
  findAggregateDrift,
  listDriftDays,
} from './aggregate-drift.js';

type Trx = Transaction<Database>;

// One lock for both tables (its name predates the weekly table; a new name would let processes of two
// versions miss each other's lock).
const LOCK = sql`hashtext('painmap.pain_point_daily'), 0`;

/**
 * Applies added minus removed counts to pain_point_daily, pain_point_weekly, their sums over
 * segments and the spread tables in one statement (aggregate-delta.ts), under the aggregate lock
 * (shared): a rebuild, which holds it exclusively, never interleaves with a delta.
 */
export async function applyAggregateDelta(
  trx: Trx,
  added: AggregateDelta,
  removed: AggregateDelta,
): Promise<void> {
  if (added.cells.length === 0 && removed.cells.length === 0) return;
  await sql`select pg_advisory_xact_lock_shared(${LOCK})`.execute(trx);
  await upsertAggregateDelta(trx, added, removed);
}

/** Marks days whose aggregate must be rebuilt; the version moves so a running rebuild keeps the mark. */
export async function markDaysDirty(trx: Trx, days: string[]): Promise<void> {
  if (days.length === 0) return;
  const sorted = [...new Set(days)].sort();
  await sql`
    insert into aggregate_dirty_days (day)
    select d from unnest(${sorted}::date[]) as d order by d
    on conflict (day) do update
      set version = aggregate_dirty_days.version + 1, marked_at = now()`.execute(trx);
}

/**
 * Rebuilds one UTC day of pain_point_daily from raw items and mentions, its week of
 * pain_point_weekly from the days, both of their sums over segments, and the day and week of the
 * spread tables (a repair: the write path keeps them all current). Holds the aggregate lock exclusively, so no delta interleaves; running it
 * twice gives the same rows. Returns the number of the day's pain_point_daily rows.
 */
export async function rebuildDay(trx: Trx, day: string): Promise<number> {
  await sql`select pg_advisory_xact_lock(${LOCK})`.execute(trx);
  const mark = await sql<{ version: number }>`
    select version from aggregate_dirty_days where day = ${day}::date`.execute(trx);
  await sql`delete from pain_point_daily where day = ${day}::date`.execute(trx);
  const inserted = await sql`
    insert into pain_point_daily (day, ${cellAndSums()})
    select day, ${cellAndSums()} from pain_point_daily_recomputed where day = ${day}::date
    order by stage, touchpoint, source, segment`.execute(trx);
  await rollUpFromDays(trx, day); // the day's week and cells, summed again from its days
  await rebuildSpreadDay(trx, day);
  const version = mark.rows[0]?.version;
  if (version !== undefined) {
    await sql`delete from aggregate_dirty_days where day = ${day}::date and version = ${version}`.execute(
      trx,
    );
  }
  return Number(inserted.numAffectedRows ?? 0);
}

/**
 * Replaces, from pain_point_daily, the rows of the day holding `day` in pain_point_daily_cells and of
 * its week in pain_point_weekly, pain_point_weekly_cells and pain_point_weekly_totals; every row of
 * them without `day`. The
 * caller holds the aggregate lock exclusively (or nothing else writes: a bulk load, which fills the
 * spread tables with loadSpreadFromMentions).
 */
export async function rollUpFromDays(db: Db | Trx, day?: string): Promise<void> {
  const week = sql`date_trunc('week', ${day ?? null}::date)::date`;
  const inDay = day ? sql`where day = ${day}::date` : sql``;
  const inWeek = day ? sql`where day >= ${week} and day < ${week} + 7` : sql``;
  const targets = [
    {
      table: 'pain_point_weekly',
      key: 'week',
      cell: CELL,
      rows: summed(sql`pain_point_daily`, WEEK, CELL, inWeek),
    },
    {
      table: 'pain_point_daily_cells',
      key: 'day',
      cell: UNSEGMENTED,
      rows: summed(sql`pain_point_daily`, sql`day`, UNSEGMENTED, inDay),
    },
    {
      table: 'pain_point_weekly_cells',
      key: 'week',
      cell: UNSEGMENTED,
      rows: summed(sql`pain_point_daily`, WEEK, UNSEGMENTED, inWeek),
    },
    {
      table: 'pain_point_weekly_totals',
      key: 'week',
      cell: TOTALS,
      rows: summed(sql`pain_point_daily`, WEEK, TOTALS, inWeek),
    },
  ] as const;
  for (const { table, key, cell, rows } of targets) {
    const bucket = key === 'week' ? week : sql`${day ?? null}::date`;
    await sql`delete from ${sql.table(table)} ${day ? sql`where ${sql.ref(key)} = ${bucket}` : sql``}`.execute(
      db,
    );
    await sql`
      insert into ${sql.table(table)} (${sql.ref(key)}, ${cellAndSums(cell)})
      ${rows} order by 1, ${refs(cell)}`.execute(db);
  }
}

export async function listDirtyDays(db: Db, limit = 1000): Promise<string[]> {
  const result = await sql<{ day: string }>`
    select day::text as day from aggregate_dirty_days order by day limit ${limit}`.execute(db);
  return result.rows.map((r) => r.day);
}
