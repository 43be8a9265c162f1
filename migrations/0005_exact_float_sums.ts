// Sum clause scores in double precision: a float4 sum depends on the scan order, so two
// recomputations could differ in the fifth digit and the aggregate oracle would see drift.
import { type Kysely, sql } from 'kysely';

const definition = (scoreType: 'double precision' | 'real') => sql`
  create or replace view pain_point_daily_recomputed as
  select i.received_day as day, m.stage, m.touchpoint, i.source, i.segment,
         count(*)::integer as mentions,
         count(*) filter (where m.sentiment_label = 'negative')::integer as negative,
         count(*) filter (where m.sentiment_label = 'neutral')::integer as neutral,
         count(*) filter (where m.sentiment_label = 'positive')::integer as positive,
         coalesce(sum(m.sentiment_score::${sql.raw(scoreType)}), 0)::double precision as sentiment_sum,
         coalesce(sum(-m.sentiment_score::${sql.raw(scoreType)}) filter (where m.sentiment_label = 'negative'), 0)::double precision
           as negative_intensity_sum,
         count(distinct m.item_id)::integer as items,
         count(distinct i.customer_id)::integer as customers
  from feedback_mentions m
  join feedback_items i on i.id = m.item_id
  group by i.received_day, m.stage, m.touchpoint, i.source, i.segment`;

export async function up(db: Kysely<any>): Promise<void> {
  await definition('double precision').execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await definition('real').execute(db);
}
