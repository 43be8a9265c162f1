// pain_point_daily is now kept up to date by the write path itself (a delta per batch, in the
// batch's transaction). A per-day distinct-customer count cannot be kept that way, and summing it
// over a week double-counted anyway, so it goes: distinct customers come from the raw items
// (reach). The views that showed it are recreated without it.
import { type Kysely, sql } from 'kysely';

const recomputed = (withCustomers: boolean) => sql`
  create view pain_point_daily_recomputed as
  select i.received_day as day, m.stage, m.touchpoint, i.source, i.segment,
         count(*)::integer as mentions,
         count(*) filter (where m.sentiment_label = 'negative')::integer as negative,
         count(*) filter (where m.sentiment_label = 'neutral')::integer as neutral,
         count(*) filter (where m.sentiment_label = 'positive')::integer as positive,
         coalesce(sum(m.sentiment_score::double precision), 0)::double precision as sentiment_sum,
         coalesce(sum(-m.sentiment_score::double precision) filter (where m.sentiment_label = 'negative'), 0)::double precision
           as negative_intensity_sum,
         count(distinct m.item_id)::integer as items
         ${withCustomers ? sql`, count(distinct i.customer_id)::integer as customers` : sql``}
  from feedback_mentions m
  join feedback_items i on i.id = m.item_id
  group by i.received_day, m.stage, m.touchpoint, i.source, i.segment`;

const bucketView = (name: string, unit: 'week' | 'month', withCustomers: boolean) => sql`
  create view ${sql.id(name)} as
  select date_trunc(${sql.lit(unit)}, day)::date as bucket_start, stage, touchpoint, source, segment,
         sum(mentions)::integer as mentions,
         sum(negative)::integer as negative,
         sum(neutral)::integer as neutral,
         sum(positive)::integer as positive,
         sum(items)::integer as items,
         ${withCustomers ? sql`sum(customers)::integer as customer_days,` : sql``}
         round((sum(negative)::numeric / nullif(sum(mentions), 0)), 4) as negative_rate,
         round((sum(sentiment_sum) / nullif(sum(mentions), 0))::numeric, 4) as mean_sentiment,
         sum(negative_intensity_sum) as negative_intensity_sum
  from pain_point_daily
  group by 1, stage, touchpoint, source, segment`;

const BUCKET_VIEWS = [
  ['pain_point_heatmap_weekly', 'week'],
  ['pain_point_heatmap_monthly', 'month'],
] as const;

async function dropViews(db: Kysely<any>): Promise<void> {
  for (const [name] of BUCKET_VIEWS) await sql`drop view ${sql.id(name)}`.execute(db);
  await sql`drop view pain_point_daily_recomputed`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await dropViews(db);
  await sql`alter table pain_point_daily drop column customers`.execute(db);
  await recomputed(false).execute(db);
  for (const [name, unit] of BUCKET_VIEWS) await bucketView(name, unit, false).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropViews(db);
  await sql`alter table pain_point_daily add column customers integer not null default 0`.execute(db);
  await recomputed(true).execute(db);
  for (const [name, unit] of BUCKET_VIEWS) await bucketView(name, unit, true).execute(db);
  await sql`
    update pain_point_daily p set customers = r.customers
    from pain_point_daily_recomputed r
    where p.day = r.day and p.stage = r.stage and p.touchpoint = r.touchpoint and p.source = r.source
      and p.segment = r.segment`.execute(db);
}
