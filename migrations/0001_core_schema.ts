// Frozen in time: takes Kysely<any>, imports nothing from the app.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ingest_runs (
      id bigserial primary key,
      kind text not null check (kind in ('file', 'pull', 'api')),
      source text not null,
      file_name text,
      file_sha256 text,
      format text,
      encoding text,
      state text not null default 'parsing'
        check (state in ('parsing', 'queued', 'done', 'rejected', 'failed')),
      records integer not null default 0,
      valid integer not null default 0,
      rejected integer not null default 0,
      skipped integer not null default 0,
      duplicates integer not null default 0,
      inserted integer not null default 0,
      updated integer not null default 0,
      unchanged integer not null default 0,
      batches_total integer not null default 0,
      error_code text,
      error_message text,
      started_at timestamptz not null default now(),
      parsed_at timestamptz,
      finished_at timestamptz
    )`.execute(db);
  await sql`create unique index ingest_runs_source_sha256_key on ingest_runs (source, file_sha256)
    where file_sha256 is not null`.execute(db);

  await sql`
    create table ingest_batches (
      id bigserial primary key,
      run_id bigint not null references ingest_runs (id) on delete cascade,
      seq integer not null,
      items jsonb not null,
      item_count integer not null,
      state text not null default 'pending' check (state in ('pending', 'done')),
      inserted integer not null default 0,
      updated integer not null default 0,
      unchanged integer not null default 0,
      created_at timestamptz not null default now(),
      done_at timestamptz,
      unique (run_id, seq)
    )`.execute(db);
  await sql`create index ingest_batches_pending_idx on ingest_batches (created_at) where state = 'pending'`.execute(
    db,
  );

  await sql`
    create table ingest_errors (
      id bigserial primary key,
      run_id bigint not null references ingest_runs (id) on delete cascade,
      kind text not null check (kind in ('rejected', 'skipped', 'duplicate')),
      record integer not null,
      ref text,
      code text not null,
      reason text not null,
      excerpt text,
      unique (run_id, kind, record)
    )`.execute(db);

  await sql`
    create table feedback_items (
      id bigserial primary key,
      source text not null,
      external_id text not null,
      content_hash text not null,
      received_at timestamptz not null,
      received_day date not null,
      text text not null,
      rating real,
      rating_scale text,
      channel text,
      customer_id text,
      segment jsonb not null default '{}'::jsonb,
      language text,
      sentiment_label text not null check (sentiment_label in ('positive', 'negative', 'neutral', 'mixed')),
      sentiment_score real not null,
      rating_used boolean not null default false,
      stage text not null,
      touchpoint text not null,
      taxonomy_version text not null,
      tagger_version text not null,
      ingest_run_id bigint references ingest_runs (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (source, external_id)
    )`.execute(db);
  await sql`create index feedback_items_received_day_idx on feedback_items (received_day)`.execute(db);
  await sql`create index feedback_items_versions_idx on feedback_items (tagger_version, taxonomy_version)`.execute(
    db,
  );

  await sql`
    create table feedback_mentions (
      item_id bigint not null references feedback_items (id) on delete cascade,
      ordinal smallint not null,
      start_offset integer not null,
      end_offset integer not null,
      stage text not null,
      touchpoint text not null,
      sentiment_label text not null check (sentiment_label in ('positive', 'negative', 'neutral')),
      sentiment_score real not null,
      evidence jsonb not null default '[]'::jsonb,
      primary key (item_id, ordinal)
    )`.execute(db);

  await sql`
    create table pain_point_daily (
      day date not null,
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
      customers integer not null,
      primary key (day, stage, touchpoint, source, segment)
    )`.execute(db);

  // Days whose aggregate must be rebuilt. `version` moves on every write so a rebuild only
  // clears the mark it has seen.
  await sql`
    create table aggregate_dirty_days (
      day date primary key,
      version bigint not null default 1,
      marked_at timestamptz not null default now()
    )`.execute(db);

  // The one definition of the daily aggregate: rebuilds insert from it, the oracle compares with it.
  await sql`
    create view pain_point_daily_recomputed as
    select i.received_day as day, m.stage, m.touchpoint, i.source, i.segment,
           count(*)::integer as mentions,
           count(*) filter (where m.sentiment_label = 'negative')::integer as negative,
           count(*) filter (where m.sentiment_label = 'neutral')::integer as neutral,
           count(*) filter (where m.sentiment_label = 'positive')::integer as positive,
           coalesce(sum(m.sentiment_score), 0)::double precision as sentiment_sum,
           coalesce(sum(-m.sentiment_score) filter (where m.sentiment_label = 'negative'), 0)::double precision
             as negative_intensity_sum,
           count(distinct m.item_id)::integer as items,
           count(distinct i.customer_id)::integer as customers
    from feedback_mentions m
    join feedback_items i on i.id = m.item_id
    group by i.received_day, m.stage, m.touchpoint, i.source, i.segment`.execute(db);

  for (const [name, unit] of [
    ['pain_point_heatmap_weekly', 'week'],
    ['pain_point_heatmap_monthly', 'month'],
  ] as const) {
    await sql`
      create view ${sql.id(name)} as
      select date_trunc(${sql.lit(unit)}, day)::date as bucket_start, stage, touchpoint, source, segment,
             sum(mentions)::integer as mentions,
             sum(negative)::integer as negative,
             sum(neutral)::integer as neutral,
             sum(positive)::integer as positive,
             sum(items)::integer as items,
             sum(customers)::integer as customer_days,
             round((sum(negative)::numeric / nullif(sum(mentions), 0)), 4) as negative_rate,
             round((sum(sentiment_sum) / nullif(sum(mentions), 0))::numeric, 4) as mean_sentiment,
             sum(negative_intensity_sum) as negative_intensity_sum
      from pain_point_daily
      group by 1, stage, touchpoint, source, segment`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const view of [
    'pain_point_heatmap_monthly',
    'pain_point_heatmap_weekly',
    'pain_point_daily_recomputed',
  ]) {
    await sql`drop view if exists ${sql.id(view)}`.execute(db);
  }
  for (const table of [
    'aggregate_dirty_days',
    'pain_point_daily',
    'feedback_mentions',
    'feedback_items',
    'ingest_errors',
    'ingest_batches',
    'ingest_runs',
  ]) {
    await sql`drop table if exists ${sql.id(table)}`.execute(db);
  }
}
