// Frozen in time: takes Kysely<any>, imports nothing from the app.
// Pain-point analytics: interventions, emerging pain points (written after each nightly aggregate)
// and the views pain_point_ranking and intervention_effects.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table interventions (
      id bigserial primary key,
      name text not null unique,
      effective_day date not null,
      stage text not null,
      touchpoint text,
      window_days integer not null default 28 check (window_days between 1 and 366),
      note text,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table emerging_pain_points (
      as_of date not null,
      bucket text not null check (bucket in ('day', 'week', 'month')),
      stage text not null,
      touchpoint text not null,
      period_start date not null,
      period_end date not null,
      baseline_start date not null,
      baseline_end date not null,
      baseline_periods integer not null,
      test text not null check (test in ('volume', 'share')),
      mentions integer not null,
      negative integer not null,
      baseline_mentions integer not null,
      baseline_negative integer not null,
      expected_negative double precision not null,
      rate_ratio double precision,
      negative_share double precision,
      baseline_negative_share double precision,
      p_value double precision not null,
      q_value double precision not null,
      dispersion double precision not null default 1,
      examples jsonb not null default '[]'::jsonb,
      computed_at timestamptz not null default now(),
      primary key (as_of, bucket, stage, touchpoint)
    )`.execute(db);

  // Weekly cells with their impact (negative × mean negative intensity = negative_intensity_sum,
  // unweighted: stage weights are configuration, applied by `painmap pain-points`), the week before,
  // and their rank within the week.
  await sql`
    create view pain_point_ranking as
    with weekly as (
      select date_trunc('week', day)::date as bucket_start, stage, touchpoint,
             sum(mentions)::integer as mentions, sum(negative)::integer as negative,
             sum(sentiment_sum) as sentiment_sum, sum(negative_intensity_sum) as negative_intensity_sum
      from pain_point_daily
      group by 1, stage, touchpoint
    )
    select w.bucket_start, w.stage, w.touchpoint, w.mentions, w.negative,
           round(w.negative::numeric / nullif(w.mentions, 0), 4) as negative_rate,
           round((w.sentiment_sum / nullif(w.mentions, 0))::numeric, 4) as mean_sentiment,
           round((w.negative_intensity_sum / nullif(w.negative, 0))::numeric, 4) as severity,
           round(w.negative_intensity_sum::numeric, 4) as impact,
           round((w.negative_intensity_sum / 7)::numeric, 4) as pain_index,
           coalesce(p.negative, 0) as previous_negative,
           round(coalesce(p.negative_intensity_sum, 0)::numeric, 4) as previous_impact,
           round((w.negative_intensity_sum - coalesce(p.negative_intensity_sum, 0))::numeric, 4) as impact_change,
           rank() over (partition by w.bucket_start order by w.negative_intensity_sum desc, w.negative desc)::integer
             as rank
    from weekly w
    left join weekly p
      on p.bucket_start = w.bucket_start - 7 and p.stage = w.stage and p.touchpoint = w.touchpoint`.execute(
    db,
  );

  // Before/after of each intervention over its window: the targeted cells, and as a control for
  // drift the cells no intervention targets. Confidence intervals are computed by painmap.
  await sql`
    create view intervention_effects as
    with windows as (
      select iv.*, iv.effective_day - iv.window_days as before_start, iv.effective_day - 1 as before_end,
             iv.effective_day + iv.window_days - 1 as after_end
      from interventions iv
    ),
    marked as (
      select w.id, d.mentions, d.negative, d.day >= w.effective_day as after,
             (d.stage = w.stage and (w.touchpoint is null or d.touchpoint = w.touchpoint)) as target,
             exists (select 1 from interventions o
                     where o.stage = d.stage and (o.touchpoint is null or o.touchpoint = d.touchpoint)) as touched
      from windows w
      join pain_point_daily d on d.day between w.before_start and w.after_end
    ),
    sums as (
      select id,
             coalesce(sum(mentions) filter (where target and not after), 0)::integer as target_before_mentions,
             coalesce(sum(negative) filter (where target and not after), 0)::integer as target_before_negative,
             coalesce(sum(mentions) filter (where target and after), 0)::integer as target_after_mentions,
             coalesce(sum(negative) filter (where target and after), 0)::integer as target_after_negative,
             coalesce(sum(mentions) filter (where not touched and not after), 0)::integer as control_before_mentions,
             coalesce(sum(negative) filter (where not touched and not after), 0)::integer as control_before_negative,
             coalesce(sum(mentions) filter (where not touched and after), 0)::integer as control_after_mentions,
             coalesce(sum(negative) filter (where not touched and after), 0)::integer as control_after_negative
      from marked group by id
    ),
    rates as (
      select w.id as intervention_id, w.name, w.effective_day, w.stage, w.touchpoint, w.window_days,
             w.before_start, w.before_end, w.effective_day as after_start, w.after_end,
             coalesce(s.target_before_mentions, 0) as target_before_mentions,
             coalesce(s.target_before_negative, 0) as target_before_negative,
             coalesce(s.target_after_mentions, 0) as target_after_mentions,
             coalesce(s.target_after_negative, 0) as target_after_negative,
             coalesce(s.control_before_mentions, 0) as control_before_mentions,
             coalesce(s.control_before_negative, 0) as control_before_negative,
             coalesce(s.control_after_mentions, 0) as control_after_mentions,
             coalesce(s.control_after_negative, 0) as control_after_negative,
             s.target_before_negative::numeric / nullif(s.target_before_mentions, 0) as tb,
             s.target_after_negative::numeric / nullif(s.target_after_mentions, 0) as ta,
             s.control_before_negative::numeric / nullif(s.control_before_mentions, 0) as cb,
             s.control_after_negative::numeric / nullif(s.control_after_mentions, 0) as ca
      from windows w left join sums s on s.id = w.id
    )
    select intervention_id, name, effective_day, stage, touchpoint, window_days, before_start, before_end,
           after_start, after_end, target_before_mentions, target_before_negative, target_after_mentions,
           target_after_negative, control_before_mentions, control_before_negative, control_after_mentions,
           control_after_negative,
           round(tb, 4) as target_before_rate, round(ta, 4) as target_after_rate,
           round(ta - tb, 4) as target_rate_change,
           round(cb, 4) as control_before_rate, round(ca, 4) as control_after_rate,
           round(ca - cb, 4) as control_rate_change,
           round((ta - tb) - (ca - cb), 4) as difference_in_differences
    from rates`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists intervention_effects`.execute(db);
  await sql`drop view if exists pain_point_ranking`.execute(db);
  await sql`drop table if exists emerging_pain_points`.execute(db);
  await sql`drop table if exists interventions`.execute(db);
}
