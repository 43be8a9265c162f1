// pain_point_daily is derived: a day is rebuilt from raw mentions, never patched by hand.
import { sql, type Transaction } from 'kysely';
import type { Db } from './db.js';
import type { Database } from './tables.js';

type Trx = Transaction<Database>;

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
 * Rebuilds one UTC day of pain_point_daily from raw items and mentions. Serialised per day by an
 * advisory lock; running it twice gives the same rows. Returns the number of aggregate rows.
 */
export async function rebuildDay(trx: Trx, day: string): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext('painmap.pain_point_daily'), hashtext(${day}))`.execute(
    trx,
  );
  const mark = await sql<{ version: number }>`
    select version from aggregate_dirty_days where day = ${day}::date`.execute(trx);
  await sql`delete from pain_point_daily where day = ${day}::date`.execute(trx);
  const inserted = await sql`
    insert into pain_point_daily
    select * from pain_point_daily_recomputed where day = ${day}::date
    order by stage, touchpoint, source, segment`.execute(trx);
  const version = mark.rows[0]?.version;
  if (version !== undefined) {
    await sql`delete from aggregate_dirty_days where day = ${day}::date and version = ${version}`.execute(
      trx,
    );
  }
  return Number(inserted.numAffectedRows ?? 0);
}

export async function listDirtyDays(db: Db, limit = 1000): Promise<string[]> {
  const result = await sql<{ day: string }>`
    select day::text as day from aggregate_dirty_days order by day limit ${limit}`.execute(db);
  return result.rows.map((r) => r.day);
}

export interface AggregateDrift {
  /** missing: a recomputed row the table lacks; extra: a stored row with no raw mentions; differs: counts differ. */
  side: 'missing' | 'extra' | 'differs';
  day: string;
  stage: string;
  touchpoint: string;
  source: string;
}

/**
 * The oracle: rows where pain_point_daily differs from a recomputation from raw items, in both
 * directions. Empty when the aggregates are true.
 */
export async function findAggregateDrift(db: Db, limit = 100): Promise<AggregateDrift[]> {
  // Counts must match exactly; float sums within 1e-6 (their addition order may differ).
  const result = await sql<AggregateDrift>`
    select case when s.day is null then 'missing' when r.day is null then 'extra' else 'differs' end as side,
           coalesce(s.day, r.day)::text as day, coalesce(s.stage, r.stage) as stage,
           coalesce(s.touchpoint, r.touchpoint) as touchpoint, coalesce(s.source, r.source) as source
    from pain_point_daily s
    full join pain_point_daily_recomputed r
      on s.day = r.day and s.stage = r.stage and s.touchpoint = r.touchpoint
     and s.source = r.source and s.segment = r.segment
    where s.day is null or r.day is null
       or (s.mentions, s.negative, s.neutral, s.positive, s.items, s.customers)
          is distinct from (r.mentions, r.negative, r.neutral, r.positive, r.items, r.customers)
       or abs(s.sentiment_sum - r.sentiment_sum) > 1e-6
       or abs(s.negative_intensity_sum - r.negative_intensity_sum) > 1e-6
    limit ${limit}`.execute(db);
  return result.rows;
}
