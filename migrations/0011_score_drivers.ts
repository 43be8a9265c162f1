// Frozen in time: takes Kysely<any>, imports nothing from the app.
// What drives the score: rated items with the cells they complain about, the same per response, and
// per month the remove-theme impact of every cell on the source's score (NPS, or the mean rating).
// A response is one rated record: a survey with several open questions stores one item per answer,
// `<id>` and `<id>#<question>`, each carrying the record's rating, and they count once.
import { type Kysely, sql } from 'kysely';

const RESPONSE_KEY = sql`source, respondent, received_at, received_day, segment, customer_id, rating_scale, rating`;

export async function up(db: Kysely<any>): Promise<void> {
  // Rated items of a period are found without touching the unrated ones (tickets, most reviews), and
  // each one's negative cells are read from a small index alone (no heap visit per item).
  await sql`create index feedback_items_rated_day_idx on feedback_items (received_day)
    where rating is not null and rating_scale is not null`.execute(db);
  await sql`create index feedback_mentions_negative_idx on feedback_mentions (item_id) include (stage, touchpoint)
    where sentiment_label = 'negative'`.execute(db);

  // One row per rated item and cell it complains about; an item without a complaint has one row
  // whose cell is null. The views below, and painmap drivers, all read this one definition.
  await sql`
    create view score_item_cells as
    select i.id as item_id, i.source, split_part(i.external_id, '#', 1) as respondent, i.received_at, i.received_day,
           i.segment, i.customer_id, i.rating_scale, i.rating::double precision as rating, c.stage, c.touchpoint,
           c.negative_mentions
    from feedback_items i
    left join lateral (
      select m.stage, m.touchpoint, count(*)::integer as negative_mentions
      from feedback_mentions m
      where m.item_id = i.id and m.sentiment_label = 'negative'
      group by m.stage, m.touchpoint
    ) c on true
    where i.rating is not null and i.rating_scale is not null`.execute(db);

  await sql`
    create view score_responses as
    select ${RESPONSE_KEY},
           case when rating_scale <> 'nps' then null
                when rating >= 9 then 'promoter' when rating <= 6 then 'detractor' else 'passive' end as nps_group,
           count(distinct item_id)::integer as items
    from score_item_cells
    group by ${RESPONSE_KEY}`.execute(db);

  await sql`
    create view score_response_negative_cells as
    select ${RESPONSE_KEY}, stage, touchpoint, sum(negative_mentions)::integer as negative_mentions
    from score_item_cells
    where stage is not null
    group by ${RESPONSE_KEY}, stage, touchpoint`.execute(db);

  // A response's points: NPS is the mean of +100 (promoter, 9-10), 0 (passive) and -100 (detractor,
  // 0-6); any other scale's score is the mean rating. Intervals are computed by painmap.
  const points = (rating: string) =>
    sql.raw(`case when rating_scale = 'nps' then case when ${rating} >= 9 then 100 when ${rating} <= 6 then -100
      else 0 end else ${rating} end`);
  await sql`
    create view score_drivers_monthly as
    with totals as (
      select date_trunc('month', received_day)::date as bucket_start, source, rating_scale,
             count(*)::integer as respondents, sum(${points('rating')})::double precision as points
      from score_responses group by 1, source, rating_scale
    ),
    cells as (
      select date_trunc('month', received_day)::date as bucket_start, source, rating_scale, stage, touchpoint,
             count(*)::integer as respondents, sum(${points('rating')})::double precision as points,
             sum(negative_mentions)::integer as negative_mentions,
             count(distinct customer_id)::integer as customers
      from score_response_negative_cells group by 1, source, rating_scale, stage, touchpoint
    ),
    scored as (
      select c.bucket_start, c.source, c.rating_scale,
             case when c.rating_scale = 'nps' then 'nps' else 'mean_rating' end as metric,
             c.stage, c.touchpoint, t.respondents, t.points / t.respondents as score,
             c.respondents as affected_respondents, c.points / c.respondents as score_among,
             (t.points - c.points) / nullif(t.respondents - c.respondents, 0) as score_without,
             c.negative_mentions, c.customers
      from cells c join totals t using (bucket_start, source, rating_scale)
    )
    select bucket_start, source, rating_scale, metric, stage, touchpoint, respondents,
           round(score::numeric, 4) as score, affected_respondents, round(score_among::numeric, 4) as score_among,
           round(score_without::numeric, 4) as score_without, round((score_without - score)::numeric, 4) as impact,
           negative_mentions, customers,
           rank() over (partition by bucket_start, source, rating_scale
                        order by score_without - score desc nulls last, affected_respondents desc)::integer as rank
    from scored`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists score_drivers_monthly`.execute(db);
  await sql`drop view if exists score_response_negative_cells`.execute(db);
  await sql`drop view if exists score_responses`.execute(db);
  await sql`drop view if exists score_item_cells`.execute(db);
  await sql`drop index if exists feedback_mentions_negative_idx`.execute(db);
  await sql`drop index if exists feedback_items_rated_day_idx`.execute(db);
}
