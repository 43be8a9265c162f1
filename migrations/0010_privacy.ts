// Frozen in time: takes Kysely<any>, imports nothing from the app.
// Erasure and retention: an audit row per `painmap forget` (or DELETE /v1/customers/:id) and per
// retention run, holding who, when and how many rows of each kind, never the content and never a
// customer id in clear (a hash correlates). ingest_batches learns the oldest receivedAt of its
// payload, so retention finds the batches that hold expired items through an index instead of
// parsing every payload every night; rows written before this migration stay null ("not known
// yet") and are read once by the next retention run.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table privacy_audit (
      id bigserial primary key,
      action text not null check (action in ('forget', 'retention')),
      -- customer | record (source + external id) | retention
      subject_kind text not null check (subject_kind in ('customer', 'record', 'retention')),
      -- sha256 of the selector, so a request can be found again by whoever knows the id; null for retention
      subject_hash text,
      -- who: cli:<os user>, token:<API token name>, scheduler, embedded
      actor text not null,
      -- retention: the first UTC day kept
      cutoff_day date,
      counts jsonb not null,
      started_at timestamptz not null,
      finished_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index privacy_audit_subject_idx on privacy_audit (subject_hash) where subject_hash is not null`.execute(
    db,
  );
  await sql`alter table ingest_batches add column oldest_received_at timestamptz`.execute(db);
  await sql`create index ingest_batches_oldest_received_idx on ingest_batches (oldest_received_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists ingest_batches_oldest_received_idx`.execute(db);
  await sql`alter table ingest_batches drop column if exists oldest_received_at`.execute(db);
  await sql`drop table if exists privacy_audit`.execute(db);
}
