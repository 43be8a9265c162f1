// Frozen in time: takes Kysely<any>, imports nothing from the app.
// pain_point_daily_cells and pain_point_weekly_cells: the daily and weekly aggregates summed over
// segments, keyed by (day | week, stage, touchpoint, source). A read with no segment filter (the
// dashboard's default) reads these: the 52-week heatmap over 10M items groups a few thousand rows
// instead of a row per segment value combination. `source` stays in the key: every reader takes a
// source filter and /v1/filters lists the sources, and there are few of them. An item has one day,
// one source and one segment, so summing its segments' distinct-item counts counts it once.
import { type Kysely, sql } from 'kysely';

const MEASURES = sql`
  mentions integer not null,
  negative integer not null,
  neutral integer not null,
  positive integer not null,
  sentiment_sum double precision not null,
  negative_intensity_sum double precision not null,
  items integer not null`;

const SUMS = sql`sum(mentions), sum(negative), sum(neutral), sum(positive), sum(sentiment_sum),
  sum(negative_intensity_sum), sum(items)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table pain_point_daily_cells (
      day date not null, stage text not null, touchpoint text not null, source text not null, ${MEASURES},
      primary key (day, stage, touchpoint, source)
    )`.execute(db);
  await sql`
    create table pain_point_weekly_cells (
      week date not null check (extract(isodow from week) = 1), stage text not null, touchpoint text not null,
      source text not null, ${MEASURES},
      primary key (week, stage, touchpoint, source)
    )`.execute(db);
  await sql`
    insert into pain_point_daily_cells (day, stage, touchpoint, source, mentions, negative, neutral, positive,
      sentiment_sum, negative_intensity_sum, items)
    select day, stage, touchpoint, source, ${SUMS} from pain_point_daily
    group by day, stage, touchpoint, source order by 1, 2, 3, 4`.execute(db);
  await sql`
    insert into pain_point_weekly_cells (week, stage, touchpoint, source, mentions, negative, neutral, positive,
      sentiment_sum, negative_intensity_sum, items)
    select week, stage, touchpoint, source, ${SUMS} from pain_point_weekly
    group by week, stage, touchpoint, source order by 1, 2, 3, 4`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table pain_point_weekly_cells`.execute(db);
  await sql`drop table pain_point_daily_cells`.execute(db);
}
