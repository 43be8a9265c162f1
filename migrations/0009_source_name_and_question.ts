// Frozen in time: takes Kysely<any>, imports nothing from the app.
// Source identity: items of a configured source (a nightly pull, a drop folder, an http file) are
// keyed by the configured name, not the format's. Zendesk and Freshdesk ids are per-account
// integers, so two accounts stored as `zendesk` overwrote each other. `format` keeps the format's
// own name beside it. Rows already stored under the format's name move to their run's source name
// (a row whose new key is taken stays where it is, so nothing is lost or doubled), and the days
// they sat in are summed again from the raw items. `question` holds the survey question a text
// answers.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table feedback_items add column question text`.execute(db);
  await sql`alter table feedback_items add column format text`.execute(db);
  await sql`update feedback_items set format = source`.execute(db);
  await sql`alter table feedback_items alter column format set not null`.execute(db);

  // Runs of configured sources: pull runs, and the file runs a folder or http-file source made
  // (not generic CSV ones, which were already stored under the source's name or a per-row one).
  await sql`create temporary table moved_days (day date not null)`.execute(db);
  await sql`
    with configured as (
      select r.id, r.source from ingest_runs r where r.kind = 'pull'
      union
      select r.id, r.source from ingest_runs r
      join source_files f on f.file_run_id = r.id
      where r.kind = 'file' and coalesce(r.format, '') <> 'generic-csv'
    ),
    candidates as (
      select i.id, c.source as target,
             row_number() over (partition by c.source, i.external_id order by i.id) as n
      from feedback_items i join configured c on c.id = i.ingest_run_id
      where c.source <> i.source
        and not exists (
          select 1 from feedback_items o where o.source = c.source and o.external_id = i.external_id)
    ),
    moved as (
      update feedback_items i set source = k.target, format = i.source
      from candidates k
      where k.id = i.id and k.n = 1
      returning i.received_day
    )
    insert into moved_days select distinct received_day from moved`.execute(db);

  await sql`delete from pain_point_daily where day in (select day from moved_days)`.execute(db);
  await sql`
    insert into pain_point_daily
    select * from pain_point_daily_recomputed where day in (select day from moved_days)`.execute(db);
  const weeks = sql`(select distinct date_trunc('week', day)::date from moved_days)`;
  await sql`delete from pain_point_weekly where week in ${weeks}`.execute(db);
  await sql`
    insert into pain_point_weekly
    select date_trunc('week', day)::date, stage, touchpoint, source, segment, sum(mentions), sum(negative),
           sum(neutral), sum(positive), sum(sentiment_sum), sum(negative_intensity_sum), sum(items)
    from pain_point_daily
    where date_trunc('week', day)::date in ${weeks}
    group by 1, stage, touchpoint, source, segment`.execute(db);
  await sql`drop table moved_days`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Moving rows back could collide (two accounts, one id): the format column is dropped and the
  // rows stay under their source names.
  await sql`alter table feedback_items drop column format`.execute(db);
  await sql`alter table feedback_items drop column question`.execute(db);
}
