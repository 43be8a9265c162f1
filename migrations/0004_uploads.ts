// Frozen in time: takes Kysely<any>, imports nothing from the app.
// Files posted to the HTTP API are stored here (in ~1 MiB chunks) before the API answers 202,
// so an upload survives a crash or a Redis outage; the `ingest.upload` job parses them later.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table uploads (
      id bigserial primary key,
      source text not null,
      file_name text,
      -- Parse options given with the upload (generic CSV: rating scale, source name).
      options jsonb not null default '{}'::jsonb,
      sha256 text,
      byte_size bigint not null default 0,
      state text not null default 'receiving'
        check (state in ('receiving', 'stored', 'ingested')),
      run_id bigint references ingest_runs (id) on delete set null,
      created_at timestamptz not null default now(),
      stored_at timestamptz,
      ingested_at timestamptz
    )`.execute(db);
  await sql`create unique index uploads_source_sha256_key on uploads (source, sha256)
    where sha256 is not null`.execute(db);
  await sql`create index uploads_stored_idx on uploads (created_at) where state = 'stored'`.execute(db);
  await sql`
    create table upload_chunks (
      upload_id bigint not null references uploads (id) on delete cascade,
      seq integer not null,
      data bytea not null,
      primary key (upload_id, seq)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists upload_chunks`.execute(db);
  await sql`drop table if exists uploads`.execute(db);
}
