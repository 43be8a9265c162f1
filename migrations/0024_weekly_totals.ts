// Frozen in time: takes Kysely<any>, imports nothing from the app.
// pain_point_weekly_totals: pain_point_weekly_cells summed over sources, keyed by (week, stage,
// touchpoint). The dashboard's default heatmap (no source, no segment filter) reads a row per week and
// cell straight from this table's primary key, already in the order it answers in: summing the cells
// table's row per source and sorting the groups was most of the 52-week heatmap's time in Postgres
// (hash aggregate and sort of 14,000 rows into 7,000, ~35 ms, against ~2 ms for this read, at 1M items).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table pain_point_weekly_totals (
      week date not null check (extract(isodow from week) = 1), stage text not null, touchpoint text not null,
      mentions integer not null,
      negative integer not null,
      neutral integer not null,
      positive integer not null,
      sentiment_sum double precision not null,
      negative_intensity_sum double precision not null,
      items integer not null,
      primary key (week, stage, touchpoint)
    )`.execute(db);
  await sql`
    insert into pain_point_weekly_totals (week, stage, touchpoint, mentions, negative, neutral, positive,
      sentiment_sum, negative_intensity_sum, items)
    select week, stage, touchpoint, sum(mentions), sum(negative), sum(neutral), sum(positive), sum(sentiment_sum),
      sum(negative_intensity_sum), sum(items)
    from pain_point_weekly_cells
    group by week, stage, touchpoint order by 1, 2, 3`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table pain_point_weekly_totals`.execute(db);
}
