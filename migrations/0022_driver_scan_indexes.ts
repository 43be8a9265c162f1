// Frozen in time: takes Kysely<any>, imports nothing from the app.
// painmap drivers read every rated item of a period and each one's negative mentions. 0011 found the
// items by day and then visited the heap for each (their rows are wide: text, search vector), and
// read each item's negative cells by one index probe per item (a nested loop: 57,000 probes for a
// month at 1M items, a third of the query). Both are now read from narrow indexes alone:
// - the rated items of a period, with every column the drivers group or filter by (it replaces 0011's
//   feedback_items_rated_day_idx, which had the same key and predicate and nothing else);
// - the negative mentions of a period, by day, with their item and cell, which the query hashes once
//   and joins to the period's items (it replaces 0011's feedback_mentions_negative_idx, keyed by the
//   item alone: score_item_cells' lateral read, by item and day, finds an item's cells in it as well).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index feedback_items_rated_cover_idx on feedback_items (received_day)
    include (id, source, external_id, received_at, rating_scale, rating, customer_id, segment)
    where rating is not null and rating_scale is not null`.execute(db);
  await sql`drop index if exists feedback_items_rated_day_idx`.execute(db);
  await sql`create index feedback_mentions_negative_day_idx on feedback_mentions (received_day, item_id)
    include (stage, touchpoint) where sentiment_label = 'negative'`.execute(db);
  await sql`drop index if exists feedback_mentions_negative_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists feedback_mentions_negative_idx on feedback_mentions (item_id)
    include (stage, touchpoint) where sentiment_label = 'negative'`.execute(db);
  await sql`drop index if exists feedback_mentions_negative_day_idx`.execute(db);
  await sql`create index if not exists feedback_items_rated_day_idx on feedback_items (received_day)
    where rating is not null and rating_scale is not null`.execute(db);
  await sql`drop index if exists feedback_items_rated_cover_idx`.execute(db);
}
