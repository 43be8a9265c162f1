// Frozen in time: takes Kysely<any>, imports nothing from the app.
// Verbatim search read each candidate item's text and parsed it into a tsvector again (to rank it, to
// check a phrase, and to test items in date order): EXPLAIN at 1M items showed that parsing was 5 of
// the 6 seconds of a common query. The vector is now stored beside the text (a generated column, so
// every insert and update of the text keeps it right) and indexed; the expression index of 0012 goes.
// Adding the column rewrites feedback_items once (minutes at 10M items).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table feedback_items add column text_search tsvector
    generated always as (to_tsvector('english'::regconfig, text)) stored`.execute(db);
  await sql`create index feedback_items_text_search_vector_idx on feedback_items using gin (text_search)`.execute(
    db,
  );
  await sql`drop index if exists feedback_items_text_search_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists feedback_items_text_search_idx on feedback_items
    using gin (to_tsvector('english'::regconfig, text))`.execute(db);
  await sql`alter table feedback_items drop column if exists text_search`.execute(db);
}
