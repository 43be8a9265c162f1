// Frozen in time: takes Kysely<any>, imports nothing from the app.
// The three views that recompute aggregates from the raw rows (pain_point_daily_recomputed,
// stage_spread_daily_recomputed, score_item_cells) joined a mention to its item on the id alone.
// Since 0019 both tables are partitioned by month of received_day and a mention carries its item's
// day (0017), so the join also matches the day: a read of one day's rows (a day's rebuild, the
// oracle, the drivers of a period) then scans that month's partitions of both tables, not every
// month of feedback_mentions. A mention's day is its item's (the foreign key (item_id, received_day)
// says so), so every view returns the same rows. The columns are unchanged, so `create or replace`
// keeps the views built on these (score_responses and the rest) as they are.
import { type Kysely, type RawBuilder, sql } from 'kysely';

/** The mention ↔ item join: on the day as well as the id (up), or on the id alone (down). */
type Join = 'id and day' | 'id';

const onItem = (join: Join) =>
  join === 'id and day' ? sql`i.id = m.item_id and i.received_day = m.received_day` : sql`i.id = m.item_id`;

const painPointDaily = (join: Join) => sql`
  create or replace view pain_point_daily_recomputed as
  select i.received_day as day, m.stage, m.touchpoint, i.source, i.segment,
         count(*)::integer as mentions,
         count(*) filter (where m.sentiment_label = 'negative')::integer as negative,
         count(*) filter (where m.sentiment_label = 'neutral')::integer as neutral,
         count(*) filter (where m.sentiment_label = 'positive')::integer as positive,
         coalesce(sum(m.sentiment_score::double precision), 0)::double precision as sentiment_sum,
         coalesce(sum(-m.sentiment_score::double precision) filter (where m.sentiment_label = 'negative'), 0)::double precision
           as negative_intensity_sum,
         count(distinct m.item_id)::integer as items
  from feedback_mentions m
  join feedback_items i on ${onItem(join)}
  group by i.received_day, m.stage, m.touchpoint, i.source, i.segment`;

const stageSpreadDaily = (join: Join) => sql`
  create or replace view stage_spread_daily_recomputed as
  select day, stage, source, segment, count(*)::integer as items, sum(c)::integer as mentions,
         sum(s) as score_sum, sum(s * s) as score_sq_sum, sum(s * c) as score_mentions_sum,
         sum(c * c)::bigint as mentions_sq_sum
  from (
    select i.received_day as day, m.stage, i.source, i.segment, m.item_id, count(*)::bigint as c,
           sum(m.sentiment_score::double precision) as s
    from feedback_mentions m
    join feedback_items i on ${onItem(join)}
    group by i.received_day, m.stage, i.source, i.segment, m.item_id
  ) per_item
  group by day, stage, source, segment`;

// Per rated item, its negative mentions by cell. The lateral read is parameterised by the item's id
// and day, so each item's mentions come from its own month's partition (pruned as the query runs).
const scoreItemCells = (join: Join) => sql`
  create or replace view score_item_cells as
  select i.id as item_id, i.source, split_part(i.external_id, '#', 1) as respondent, i.received_at, i.received_day,
         i.segment, i.customer_id, i.rating_scale, i.rating::double precision as rating, c.stage, c.touchpoint,
         c.negative_mentions
  from feedback_items i
  left join lateral (
    select m.stage, m.touchpoint, count(*)::integer as negative_mentions
    from feedback_mentions m
    where ${onItem(join)} and m.sentiment_label = 'negative'
    group by m.stage, m.touchpoint
  ) c on true
  where i.rating is not null and i.rating_scale is not null`;

const VIEWS: Array<(join: Join) => RawBuilder<unknown>> = [painPointDaily, stageSpreadDaily, scoreItemCells];

export async function up(db: Kysely<any>): Promise<void> {
  for (const view of VIEWS) await view('id and day').execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const view of VIEWS) await view('id').execute(db);
}
