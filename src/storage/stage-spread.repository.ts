// The journey's per-stage spread sums (migration 0015): stage_spread_daily and stage_spread_weekly,
// per (day | week, stage, source, segment), from each item with c clauses in the stage scoring s in
// all: items, Σ c, Σ s, Σ s², Σ s·c and Σ c². The write path moves them by a delta per batch beside
// the cell aggregates (one statement for all six tables: aggregate-delta.ts), repairs rebuild a day and its
// week from stage_spread_daily_recomputed, and the oracle compares both tables with it.
import { type RawBuilder, sql, type Transaction } from 'kysely';
import { SPREAD_SUMS, SPREAD_TYPES, type StageSpreadCounts } from './aggregate-delta.js';
import type { Db } from './db.js';
import type { Database } from './tables.js';

type Trx = Transaction<Database>;

export type { StageSpreadCounts } from './aggregate-delta.js';
export { SPREAD_SUMS } from './aggregate-delta.js';

const KEY = ['stage', 'source', 'segment'] as const;
const TYPES = SPREAD_TYPES;

const refs = (columns: readonly string[], alias?: string) =>
  sql.join(columns.map((c) => sql.ref(alias ? `${alias}.${c}` : c)));
const WEEK = sql`date_trunc('week', day)::date`;

/**
 * Every row of the day-keyed relation `from` summed by `bucket` (`day` then the key and the sums):
 * items belong to one day, source and segment, so their sums add up.
 */
function summed(from: RawBuilder<unknown>, bucket: RawBuilder<unknown>, where: RawBuilder<unknown> = sql``) {
  const sums = sql.join(
    SPREAD_SUMS.map((c) => sql`sum(${sql.ref(c)})::${sql.raw(TYPES[c])} as ${sql.ref(c)}`),
  );
  return sql`select ${bucket} as day, ${refs(KEY)}, ${sums} from ${from} ${where} group by 1, ${refs(KEY)}`;
}

/**
 * The spread rows of these items' current mentions (the items must exist: their day, source and
 * segment place the rows): what deleting all their mentions takes away.
 */
export async function countSpreadOfItems(trx: Trx, ids: readonly number[]): Promise<StageSpreadCounts[]> {
  if (ids.length === 0) return [];
  const result = await sql<StageSpreadCounts>`
    select i.received_day::text as day, p.stage, i.source, i.segment::text as segment, count(*)::integer as items,
           sum(p.c)::integer as mentions, sum(p.s) as score_sum, sum(p.s * p.s) as score_sq_sum,
           sum(p.s * p.c) as score_mentions_sum, sum(p.c * p.c)::float8 as mentions_sq_sum
    from (
      select item_id, received_day, stage, count(*)::integer as c, sum(sentiment_score::double precision) as s
      from feedback_mentions where item_id = any(${[...ids]}::bigint[]) group by item_id, received_day, stage
    ) p join feedback_items i on i.id = p.item_id and i.received_day = p.received_day
    group by i.received_day, p.stage, i.source, i.segment`.execute(trx);
  return result.rows;
}

/**
 * Rebuilds the spread rows of `day` from the raw mentions, then every row of its week from the days.
 * The caller holds the aggregate lock exclusively.
 */
export async function rebuildSpreadDay(trx: Trx, day: string): Promise<void> {
  await sql`delete from stage_spread_daily where day = ${day}::date`.execute(trx);
  await sql`
    insert into stage_spread_daily (day, ${refs(KEY)}, ${refs(SPREAD_SUMS)})
    select day, ${refs(KEY)}, ${refs(SPREAD_SUMS)} from stage_spread_daily_recomputed where day = ${day}::date
    order by ${refs(KEY)}`.execute(trx);
  await rollUpSpreadWeeks(trx, day);
}

/**
 * Replaces stage_spread_weekly's rows of the week holding `day` (every week without it) with
 * stage_spread_daily summed by week.
 */
export async function rollUpSpreadWeeks(db: Db | Trx, day?: string): Promise<void> {
  const week = sql`date_trunc('week', ${day ?? null}::date)::date`;
  await sql`delete from stage_spread_weekly ${day ? sql`where week = ${week}` : sql``}`.execute(db);
  const inWeek = day ? sql`where day >= ${week} and day < ${week} + 7` : sql``;
  await sql`
    insert into stage_spread_weekly (week, ${refs(KEY)}, ${refs(SPREAD_SUMS)})
    ${summed(sql`stage_spread_daily`, WEEK, inWeek)} order by 1, ${refs(KEY)}`.execute(db);
}

/** Fills stage_spread_daily and stage_spread_weekly from the raw mentions (a bulk load; empty tables). */
export async function loadSpreadFromMentions(db: Db): Promise<void> {
  await sql`
    insert into stage_spread_daily (day, ${refs(KEY)}, ${refs(SPREAD_SUMS)})
    select day, ${refs(KEY)}, ${refs(SPREAD_SUMS)} from stage_spread_daily_recomputed`.execute(db);
  await rollUpSpreadWeeks(db);
}

const close = (column: string) =>
  sql`abs(${sql.ref(`s.${column}`)} - ${sql.ref(`r.${column}`)}) > 1e-6 + 1e-9 * abs(${sql.ref(`r.${column}`)})`;

/** Rows of `stored` that differ from `truth`, in both directions, shaped as AggregateDrift rows. */
const driftBetween = (table: string, stored: RawBuilder<unknown>, truth: RawBuilder<unknown>) => sql`
  select ${table}::text as "table", case when s.day is null then 'missing' when r.day is null then 'extra' else 'differs' end as side,
         coalesce(s.day, r.day)::text as day, coalesce(s.stage, r.stage) as stage, null::text as touchpoint,
         coalesce(s.source, r.source) as source
  from (${stored}) s
  full join (${truth}) r on s.day = r.day and s.stage = r.stage and s.source = r.source and s.segment = r.segment
  where s.day is null or r.day is null
     or (s.items, s.mentions, s.mentions_sq_sum) is distinct from (r.items, r.mentions, r.mentions_sq_sum)
     -- Float sums within rounding (deltas add them in another order).
     or ${close('score_sum')} or ${close('score_sq_sum')} or ${close('score_mentions_sum')}`;

/**
 * The oracle's part for the spread tables: stage_spread_daily beside `recomputed` (the name of a
 * relation holding stage_spread_daily_recomputed), stage_spread_weekly beside it summed by week.
 */
export const spreadDrift = (recomputed: RawBuilder<unknown>) => sql`
  ${driftBetween(
    'stage_spread_daily',
    sql`select day, ${refs(KEY)}, ${refs(SPREAD_SUMS)} from stage_spread_daily`,
    sql`select * from ${recomputed}`,
  )}
  union all
  ${driftBetween(
    'stage_spread_weekly',
    sql`select week as day, ${refs(KEY)}, ${refs(SPREAD_SUMS)} from stage_spread_weekly`,
    summed(recomputed, WEEK),
  )}`;
