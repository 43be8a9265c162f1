// Frozen in time: takes Kysely<any>, imports nothing from the app.
// Verbatim search: a GIN index over the English text-search vector of each item's stored text (the
// redacted text: personal data was replaced before it was stored). Queries must use the same
// expression, to_tsvector('english'::regconfig, text), for the index to serve them.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index feedback_items_text_search_idx on feedback_items
    using gin (to_tsvector('english'::regconfig, text))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists feedback_items_text_search_idx`.execute(db);
}
