// Frozen in time: takes Kysely<any>, imports nothing from the app.
// The clauses behind one cell (GET /v1/quotes: most negative first, then newest, one per item) sorted
// every mention the cell had in the period (at 1M items, ~10,000 a cell for a year, 750 ms). This index
// holds a cell's mentions in that order, whatever their label, so the quotes are the index's first rows:
// score, newest day first, item, ordinal. Created on the partitioned parent, so every month's partition
// (and every month created later) has its own. feedback_mentions_strongest_idx (0017) stays: it orders
// positive clauses by the negated score (newest first among equals), which this index cannot give read
// backwards, and it leaves neutral mentions out.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index feedback_mentions_cell_score_idx on feedback_mentions
    (stage, touchpoint, sentiment_score, received_day desc, item_id, ordinal)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists feedback_mentions_cell_score_idx`.execute(db);
}
