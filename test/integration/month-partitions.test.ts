import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { createScratchDb } from './helpers.js';

const MIGRATION = '0019_month_partitions';

/** 149 items over five months (2025-11 … 2026-03), three mentions each, as 0017 stored them. */
async function seedBefore(db: Kysely<any>): Promise<void> {
  await sql`insert into ingest_runs (kind, source) values ('file', 'survey')`.execute(db);
  await sql`
    insert into feedback_items (source, format, external_id, content_hash, received_at, received_day, text, segment,
      sentiment_label, sentiment_score, stage, touchpoint, taxonomy_version, tagger_version, ingest_run_id, customer_id)
    select 'survey', 'survey', 'r-' || i, 'h-' || i, ts, (ts at time zone 'UTC')::date, 'late parcel ' || i,
      '{"plan":"pro"}', 'negative', -0.5, 'fulfilment', 'delivery', 't1', 'g1', 1, 'c-' || (i % 7)
    from (select i, timestamptz '2025-11-03 10:00Z' + i * interval '1 day' as ts from generate_series(0, 148) i) g`.execute(
    db,
  );
  await sql`
    insert into feedback_mentions (item_id, ordinal, start_offset, end_offset, stage, touchpoint, sentiment_label,
      sentiment_score, evidence, received_day)
    select id, o, 0, 4, 'fulfilment', 'delivery', 'negative', -0.5, '[]'::json, received_day
    from feedback_items, generate_series(0, 2) o`.execute(db);
}

/** Per table: rows, and a digest of every row's identity, so a row changed or swapped also shows. */
async function census(db: Kysely<any>) {
  const { rows } = await sql<{
    items: string;
    mentions: string;
    item_digest: string;
    mention_digest: string;
  }>`
    select (select count(*) from feedback_items) as items,
           (select count(*) from feedback_mentions) as mentions,
           (select md5(string_agg(id || '|' || source || '|' || external_id || '|' || received_day || '|' || text, ','
              order by id)) from feedback_items) as item_digest,
           (select md5(string_agg(item_id || '|' || ordinal || '|' || received_day, ',' order by item_id, ordinal))
              from feedback_mentions) as mention_digest`.execute(db);
  return rows[0]!;
}

/** Rows in each partition of a table (its own rows when it is not partitioned). */
async function rowsByPartition(db: Kysely<any>, table: string) {
  const { rows } = await sql<{ partition: string; rows: number }>`
    select tableoid::regclass::text as partition, count(*)::integer as rows
    from ${sql.table(table)} group by 1 order by 1`.execute(db);
  return rows;
}

const relkind = async (db: Kysely<any>, table: string) =>
  (
    await sql<{
      kind: string;
    }>`select relkind::text as kind from pg_class where oid = ${table}::regclass`.execute(db)
  ).rows[0]!.kind;

describe(`migration ${MIGRATION}`, () => {
  it('moves items and mentions spread over five months into month partitions with none lost, and back', async () => {
    const scratch = await createScratchDb();
    const { db, migrator } = scratch;
    const names = Object.keys(migrations);
    const before = names[names.indexOf(MIGRATION) - 1]!;
    try {
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      await seedBefore(db);
      const was = await census(db);
      expect(Number(was.items)).toBe(149);
      expect(Number(was.mentions)).toBe(447);

      expect((await migrator.migrateTo(MIGRATION)).error).toBeUndefined();
      expect(await census(db)).toEqual(was);
      expect(await relkind(db, 'feedback_items')).toBe('p');
      expect(await relkind(db, 'feedback_mentions')).toBe('p');
      const items = await rowsByPartition(db, 'feedback_items');
      const mentions = await rowsByPartition(db, 'feedback_mentions');
      console.info(`${MIGRATION}: ${was.items} items and ${was.mentions} mentions before, after:`, {
        items: Object.fromEntries(items.map((p) => [p.partition, p.rows])),
        mentions: Object.fromEntries(mentions.map((p) => [p.partition, p.rows])),
      });
      // 2025-11-03 + 0…148 days: 28 in November, then 31, 31, 28 and 31.
      expect(items).toEqual([
        { partition: 'feedback_items_p202511', rows: 28 },
        { partition: 'feedback_items_p202512', rows: 31 },
        { partition: 'feedback_items_p202601', rows: 31 },
        { partition: 'feedback_items_p202602', rows: 28 },
        { partition: 'feedback_items_p202603', rows: 31 },
      ]);
      expect(mentions.map((p) => p.rows)).toEqual(items.map((p) => p.rows * 3));
      const keys = await sql<{ n: number; misplaced: number }>`
        select count(*) as n, count(*) filter (where not exists (select 1 from feedback_items i
          where i.id = k.item_id and i.received_day = k.received_day and i.source = k.source
            and i.external_id = k.external_id)) as misplaced
        from feedback_item_keys k`.execute(db);
      expect(keys.rows[0]).toEqual({ n: 149, misplaced: 0 });
      // The views over the two tables came back, and read the moved rows.
      const recomputed = await sql<{ mentions: string }>`
        select sum(mentions) as mentions from pain_point_daily_recomputed`.execute(db);
      expect(Number(recomputed.rows[0]!.mentions)).toBe(447);
      // The id sequence carries on after the copied ids.
      const next = await sql<{ id: string }>`select nextval('feedback_items_id_seq') as id`.execute(db);
      expect(Number(next.rows[0]!.id)).toBeGreaterThan(149);

      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      expect(await census(db)).toEqual(was);
      expect(await relkind(db, 'feedback_items')).toBe('r');
      expect(await relkind(db, 'feedback_mentions')).toBe('r');
      const duplicate = sql`insert into feedback_items (source, format, external_id, content_hash, received_at,
        received_day, text, sentiment_label, sentiment_score, stage, touchpoint, taxonomy_version, tagger_version)
        values ('survey', 'survey', 'r-1', 'h', now(), current_date, 'x', 'neutral', 0, 's', 't', 't1', 'g1')`;
      await expect(duplicate.execute(db)).rejects.toThrow(/feedback_items_source_external_id_key/);
    } finally {
      await scratch.drop();
    }
  });
});
