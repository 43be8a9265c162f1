import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { ensureMonthPartitions } from '../../src/storage/partitions.repository.js';
import { createScratchDb, itemRow, mentionRow, type ScratchDb } from './helpers.js';

const MIGRATION = '0025_mentions_check_item_keys';

let s: ScratchDb;
beforeAll(async () => {
  s = await createScratchDb();
  await migrateToLatest(s.db);
});
afterAll(() => s.drop());

const write = (rows: ItemRow[]) => s.db.transaction().execute((trx) => writeTaggedItems(trx, rows));

/** The table feedback_mentions' item key points at. */
async function mentionsReference(): Promise<string> {
  const { rows } = await sql<{ target: string }>`
    select confrelid::regclass::text as target from pg_constraint
    where conrelid = 'feedback_mentions'::regclass and conname = 'feedback_mentions_item_fkey'`.execute(s.db);
  return rows[0]!.target;
}

async function mentionsOf(externalId: string): Promise<Array<{ day: string; ordinal: number }>> {
  const { rows } = await sql<{ day: string; ordinal: number }>`
    select m.received_day::text as day, m.ordinal from feedback_mentions m
    join feedback_item_keys k on k.item_id = m.item_id
    where k.external_id = ${externalId} order by m.ordinal`.execute(s.db);
  return rows;
}

const twoMentions = [
  mentionRow({ ordinal: 0, stage: 'fulfilment', touchpoint: 'delivery', label: 'negative', score: -0.6 }),
  mentionRow({ ordinal: 1, stage: 'support', touchpoint: 'live_chat', label: 'positive', score: 0.7 }),
];

describe('migration 0025: mentions check their item through its key row', () => {
  it("points the mentions' foreign key at the key rows, and its down points it back at the items", async () => {
    expect(await mentionsReference()).toBe('feedback_item_keys');
    const names = Object.keys(migrations);
    const before = names[names.indexOf(MIGRATION) - 1]!;
    await write([itemRow({ externalId: 'kept', mentions: twoMentions })]);
    expect((await s.migrator.migrateTo(before)).error).toBeUndefined();
    expect(await mentionsReference()).toBe('feedback_items');
    await migrateToLatest(s.db);
    expect(await mentionsReference()).toBe('feedback_item_keys');
    expect(await mentionsOf('kept')).toEqual([
      { day: '2026-03-02', ordinal: 0 },
      { day: '2026-03-02', ordinal: 1 },
    ]);
  });

  it('refuses a mention on a day its item was not received', async () => {
    await write([itemRow({ externalId: 'march', day: '2026-03-09' })]);
    await ensureMonthPartitions(s.db, ['2026-04-01']);
    const { rows } = await sql<{ id: number }>`
      select item_id as id from feedback_item_keys where external_id = 'march'`.execute(s.db);
    const wrongDay = sql`insert into feedback_mentions (item_id, ordinal, start_offset, end_offset, stage, touchpoint,
        sentiment_label, sentiment_score, received_day)
      values (${rows[0]!.id}, 5, 0, 4, 'fulfilment', 'delivery', 'negative', -0.5, '2026-04-01')`;
    await expect(wrongDay.execute(s.db)).rejects.toMatchObject({ code: '23503' });
  });

  it("moves an item's mentions with it to another day, and deletes them with it", async () => {
    await write([itemRow({ externalId: 'moved', day: '2026-03-16', mentions: twoMentions })]);
    await ensureMonthPartitions(s.db, ['2026-05-04']);
    // Straight on the item, not through the write path (which rewrites an edited item's mentions itself):
    // the cascade goes item → key row → mentions.
    await sql`update feedback_items set received_day = '2026-05-04'
      where id = (select item_id from feedback_item_keys where external_id = 'moved')`.execute(s.db);
    expect(await mentionsOf('moved')).toEqual([
      { day: '2026-05-04', ordinal: 0 },
      { day: '2026-05-04', ordinal: 1 },
    ]);
    const { rows } = await sql<{ id: number }>`
      select item_id as id from feedback_item_keys where external_id = 'moved'`.execute(s.db);
    await sql`delete from feedback_items where id = ${rows[0]!.id}`.execute(s.db);
    const left = await sql<{ n: number }>`
      select count(*)::integer as n from feedback_mentions where item_id = ${rows[0]!.id}`.execute(s.db);
    expect(left.rows[0]!.n).toBe(0);
  });
});
