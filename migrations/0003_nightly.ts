// Frozen in time: takes Kysely<any>, imports nothing from the app.
// Nightly ingestion: one pull run per (source, window), a cursor per source, and the files a
// drop-folder or http-file source has seen.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ingest_runs add column window_start timestamptz`.execute(db);
  await sql`create unique index ingest_runs_pull_window_key on ingest_runs (source, window_start)
    where kind = 'pull' and window_start is not null`.execute(db);
  await sql`create index ingest_runs_open_pull_idx on ingest_runs (source, id)
    where kind = 'pull' and state = 'parsing'`.execute(db);

  await sql`
    create table source_cursors (
      source text primary key,
      cursor jsonb not null,
      run_id bigint references ingest_runs (id) on delete set null,
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table source_files (
      source text not null,
      sha256 text not null,
      path text not null,
      bytes bigint not null,
      pull_run_id bigint references ingest_runs (id) on delete set null,
      file_run_id bigint references ingest_runs (id) on delete set null,
      seen_at timestamptz not null default now(),
      primary key (source, sha256)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists source_files`.execute(db);
  await sql`drop table if exists source_cursors`.execute(db);
  await sql`drop index if exists ingest_runs_open_pull_idx`.execute(db);
  await sql`drop index if exists ingest_runs_pull_window_key`.execute(db);
  await sql`alter table ingest_runs drop column if exists window_start`.execute(db);
}
