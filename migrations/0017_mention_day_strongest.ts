// Frozen in time: takes Kysely<any>, imports nothing from the app.
// The strongest clauses of a cell in a period (journey quotes, pain points' phrases and quotes, alert
// examples) were found by reading every item of the period and each one's mentions: at 1M items a
// 13-week journey read 250,000 items to keep 50 clauses for each of 54 cells. A mention now carries
// its item's received_day (written with it; an item's day only changes by an edit, which rewrites its
// mentions), and an index orders each cell's clauses the way the quotes rank them: strongest first
// (most negative, or most positive: the score negated), then newest, item, ordinal. A cell's clauses
// are then read in that order, the period's kept, until the pool is full.
// Adding the column rewrites feedback_mentions once (minutes at 10M items).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table feedback_mentions add column received_day date`.execute(db);
  await sql`update feedback_mentions m set received_day = i.received_day
    from feedback_items i where i.id = m.item_id`.execute(db);
  await sql`alter table feedback_mentions alter column received_day set not null`.execute(db);
  await sql`create index feedback_mentions_strongest_idx on feedback_mentions
    (stage, touchpoint, sentiment_label,
     (case when sentiment_label = 'positive' then -sentiment_score else sentiment_score end),
     received_day desc, item_id, ordinal)
    where sentiment_label in ('negative', 'positive')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists feedback_mentions_strongest_idx`.execute(db);
  await sql`alter table feedback_mentions drop column if exists received_day`.execute(db);
}
