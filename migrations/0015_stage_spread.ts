// Frozen in time: takes Kysely<any>, imports nothing from the app.
// stage_spread_daily and stage_spread_weekly: what the journey map's per-stage spread of clause
// sentiment needs, kept as sums so the read groups a few thousand rows instead of every mention of
// the period. Keyed like pain_point_daily / pain_point_weekly but by stage alone, (day | week, stage,
// source, segment). Its statistic is over items as clusters: an item with c clauses in the stage
// scoring s in all adds 1 to items, c to mentions, s to score_sum, s² to score_sq_sum, s·c to
// score_mentions_sum and c² to mentions_sq_sum. An item has one day, one source and one segment, so
// these add up over days, weeks, sources and segments. stage_spread_daily_recomputed is the same
// from the raw mentions (the backfill, repairs and the oracle read it).
import { type Kysely, sql } from 'kysely';

const MEASURES = sql`
  items integer not null,
  mentions integer not null,
  score_sum double precision not null,
  score_sq_sum double precision not null,
  score_mentions_sum double precision not null,
  mentions_sq_sum bigint not null`;

const COLUMNS = sql`stage, source, segment, items, mentions, score_sum, score_sq_sum, score_mentions_sum,
  mentions_sq_sum`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create view stage_spread_daily_recomputed as
    select day, stage, source, segment, count(*)::integer as items, sum(c)::integer as mentions,
           sum(s) as score_sum, sum(s * s) as score_sq_sum, sum(s * c) as score_mentions_sum,
           sum(c * c)::bigint as mentions_sq_sum
    from (
      select i.received_day as day, m.stage, i.source, i.segment, m.item_id, count(*)::bigint as c,
             sum(m.sentiment_score::double precision) as s
      from feedback_mentions m
      join feedback_items i on i.id = m.item_id
      group by i.received_day, m.stage, i.source, i.segment, m.item_id
    ) per_item
    group by day, stage, source, segment`.execute(db);
  await sql`
    create table stage_spread_daily (
      day date not null, stage text not null, source text not null, segment jsonb not null, ${MEASURES},
      primary key (day, stage, source, segment)
    )`.execute(db);
  await sql`
    create table stage_spread_weekly (
      week date not null check (extract(isodow from week) = 1), stage text not null, source text not null,
      segment jsonb not null, ${MEASURES},
      primary key (week, stage, source, segment)
    )`.execute(db);
  await sql`
    insert into stage_spread_daily (day, ${COLUMNS})
    select day, ${COLUMNS} from stage_spread_daily_recomputed order by 1, 2, 3, 4`.execute(db);
  await sql`
    insert into stage_spread_weekly (week, ${COLUMNS})
    select date_trunc('week', day)::date, stage, source, segment, sum(items), sum(mentions), sum(score_sum),
           sum(score_sq_sum), sum(score_mentions_sum), sum(mentions_sq_sum)
    from stage_spread_daily group by 1, stage, source, segment order by 1, 2, 3, 4`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table stage_spread_weekly`.execute(db);
  await sql`drop table stage_spread_daily`.execute(db);
  await sql`drop view stage_spread_daily_recomputed`.execute(db);
}
