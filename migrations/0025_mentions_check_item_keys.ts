// Frozen in time: takes Kysely<any>, imports nothing from the app.
// Every mention row's foreign key was checked against the month-partitioned feedback_items (0019): one
// query a row, through the partitioned parent, whose plan locks every month's partition and index on
// each run, so the check grew with the history kept. In psql, 80,000 mention rows with that key took
// 2.2 s more than without it at 12 months, 4.5 s more at 48 (about 28 and 56 µs a row); against the
// plain feedback_item_keys, 0.9 s. The mentions now point at their item's key row instead, by the same
// (item_id, received_day): a key row exists for every item and carries its day (its own foreign key to
// the item cascades day changes and deletes), so a mention still names an existing item on its day, and
// deleting or moving an item still deletes or moves its mentions, one cascade further down.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table feedback_item_keys
    add constraint feedback_item_keys_item_day_key unique (item_id, received_day)`.execute(db);
  await sql`alter table feedback_mentions drop constraint feedback_mentions_item_fkey`.execute(db);
  await sql`alter table feedback_mentions add constraint feedback_mentions_item_fkey
    foreign key (item_id, received_day) references feedback_item_keys (item_id, received_day)
    on update cascade on delete cascade`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table feedback_mentions drop constraint feedback_mentions_item_fkey`.execute(db);
  await sql`alter table feedback_mentions add constraint feedback_mentions_item_fkey
    foreign key (item_id, received_day) references feedback_items (id, received_day)
    on update cascade on delete cascade`.execute(db);
  await sql`alter table feedback_item_keys drop constraint feedback_item_keys_item_day_key`.execute(db);
}
