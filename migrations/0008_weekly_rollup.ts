// pain_point_weekly: pain_point_daily summed by ISO week (Monday), kept by the same per-batch delta
// in the same transaction. A year of weekly heatmap reads 52 weeks of rows instead of 364 days of
// them (the 52-week heatmap over 10M items took p95 84 ms from the daily table). Items belong to one
// day, so summing a day's distinct-item counts over a week counts each item once.
// pain_point_heatmap_weekly now reads it; the monthly view still sums days.
import { type Kysely, sql } from 'kysely';

const weeklyView = (from: 'pain_point_weekly' | 'pain_point_daily') => sql`
  create view pain_point_heatmap_weekly as
  select ${from === 'pain_point_weekly' ? sql`week` : sql`date_trunc('week', day)::date`} as bucket_start,
         stage, touchpoint, source, segment,
         sum(mentions)::integer as mentions,
         sum(negative)::integer as negative,
         sum(neutral)::integer as neutral,
         sum(positive)::integer as positive,
         sum(items)::integer as items,
         round((sum(negative)::numeric / nullif(sum(mentions), 0)), 4) as negative_rate,
         round((sum(sentiment_sum) / nullif(sum(mentions), 0))::numeric, 4) as mean_sentiment,
         sum(negative_intensity_sum) as negative_intensity_sum
  from ${sql.table(from)}
  group by 1, stage, touchpoint, source, segment`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table pain_point_weekly (
      week date not null check (extract(isodow from week) = 1),
      stage text not null,
      touchpoint text not null,
      source text not null,
      segment jsonb not null,
      mentions integer not null,
      negative integer not null,
      neutral integer not null,
      positive integer not null,
      sentiment_sum double precision not null,
      negative_intensity_sum double precision not null,
      items integer not null,
      primary key (week, stage, touchpoint, source, segment)
    )`.execute(db);
  await sql`
    insert into pain_point_weekly
    select date_trunc('week', day)::date, stage, touchpoint, source, segment, sum(mentions), sum(negative),
           sum(neutral), sum(positive), sum(sentiment_sum), sum(negative_intensity_sum), sum(items)
    from pain_point_daily group by 1, stage, touchpoint, source, segment`.execute(db);
  await sql`drop view pain_point_heatmap_weekly`.execute(db);
  await weeklyView('pain_point_weekly').execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view pain_point_heatmap_weekly`.execute(db);
  await weeklyView('pain_point_daily').execute(db);
  await sql`drop table pain_point_weekly`.execute(db);
}
