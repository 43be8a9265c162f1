// feedback_items_versions_idx (tagger_version, taxonomy_version) served no query: the only reader of
// those columns is retag's "items not at these versions" filter, a `<>` that a btree cannot serve
// (EXPLAIN: a scan by id, the filter checked on each row), and the write path only reads the
// versions of rows it found by key. Every item insert and every version change paid for it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists feedback_items_versions_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists feedback_items_versions_idx
    on feedback_items (tagger_version, taxonomy_version)`.execute(db);
}
