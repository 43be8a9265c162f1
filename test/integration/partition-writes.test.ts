import { type CompiledQuery, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClauses } from '../../src/aggregate/clauses.query.js';
import { queryCellQuotes } from '../../src/api/cell-quotes.query.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { ensureMonthPartitions } from '../../src/storage/partitions.repository.js';
import type { Database } from '../../src/storage/tables.js';
import { createTestDb, itemRow, type TestDb } from './helpers.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const write = (rows: ItemRow[]) => t.db.transaction().execute((trx) => writeTaggedItems(trx, rows));

/** Where each row of a table lives: its partition, by key. */
async function placement(table: 'feedback_items' | 'feedback_mentions' | 'feedback_item_keys') {
  const { rows } = await sql<{ partition: string; n: number }>`
    select tableoid::regclass::text as partition, count(*)::integer as n from ${sql.table(table)}
    group by 1 order by 1`.execute(t.db);
  return Object.fromEntries(rows.map((r) => [r.partition, r.n]));
}

async function aggregateDrift(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::integer as n from (
      (select day, stage, touchpoint, source, segment, mentions, negative from pain_point_daily
       except select day, stage, touchpoint, source, segment, mentions, negative from pain_point_daily_recomputed)
      union all
      (select day, stage, touchpoint, source, segment, mentions, negative from pain_point_daily_recomputed
       except select day, stage, touchpoint, source, segment, mentions, negative from pain_point_daily)) d`.execute(
    t.db,
  );
  return rows[0]!.n;
}

describe('month partitions on the write path', () => {
  it('creates the months a batch touches, adds nothing on a re-ingest, and moves an edited item to its new month', async () => {
    const batch = [
      itemRow({ externalId: 'a', day: '2026-01-15' }),
      itemRow({ externalId: 'b', day: '2026-02-10' }),
      itemRow({ externalId: 'c', day: '2026-04-01' }),
      itemRow({ externalId: 'd', day: '2026-04-30' }),
    ];
    expect(await write(batch)).toMatchObject({ inserted: 4, updated: 0, unchanged: 0 });
    expect(await placement('feedback_items')).toEqual({
      feedback_items_p202601: 1,
      feedback_items_p202602: 1,
      feedback_items_p202604: 2,
    });
    expect(await placement('feedback_mentions')).toEqual({
      feedback_mentions_p202601: 1,
      feedback_mentions_p202602: 1,
      feedback_mentions_p202604: 2,
    });

    expect(await write(batch)).toMatchObject({ inserted: 0, updated: 0, unchanged: 4 });
    expect(await placement('feedback_item_keys')).toEqual({ feedback_item_keys: 4 });

    // Item a is edited: other text, received in March. Its row, its mentions and its key follow.
    const edited = itemRow({ externalId: 'a', day: '2026-03-20', contentHash: 'h-a2', text: 'late again' });
    expect(await write([edited])).toMatchObject({
      inserted: 0,
      updated: 1,
      days: ['2026-01-15', '2026-03-20'],
    });
    expect(await placement('feedback_items')).toEqual({
      feedback_items_p202602: 1,
      feedback_items_p202603: 1,
      feedback_items_p202604: 2,
    });
    expect((await placement('feedback_mentions')).feedback_mentions_p202603).toBe(1);
    expect((await placement('feedback_mentions')).feedback_mentions_p202601).toBeUndefined();
    const key = await sql<{ day: string; same: boolean }>`
      select k.received_day::text as day, k.item_id = i.id as same from feedback_item_keys k
      join feedback_items i on i.source = k.source and i.external_id = k.external_id
      where k.external_id = 'a'`.execute(t.db);
    expect(key.rows).toEqual([{ day: '2026-03-20', same: true }]);
    expect(await aggregateDrift()).toBe(0);

    // An erased item takes its key with it (the key's foreign key cascades).
    await sql`delete from feedback_items where external_id = 'b'`.execute(t.db);
    expect(await placement('feedback_item_keys')).toEqual({ feedback_item_keys: 3 });
  });

  it("plans the batch's key checks once: generic plans for the rest of its transaction, and only there", async () => {
    // Each item key and mention row checks its foreign key against the partitioned items; with custom plans
    // Postgres re-planned that check for every row (bench:write: ~40% of the write).
    const setting = async (q: Kysely<Database> | Transaction<Database>) =>
      (await sql<{ mode: string }>`select current_setting('plan_cache_mode') as mode`.execute(q)).rows[0]!
        .mode;
    const inside = await t.db.transaction().execute(async (trx) => {
      await writeTaggedItems(trx, [itemRow({ externalId: 'plan-1', day: '2026-03-03' })]);
      return setting(trx);
    });
    expect(inside).toBe('force_generic_plan');
    expect(await setting(t.db)).toBe('auto');
  });

  it('knows a month once it is ensured: a second call reads nothing from the catalogue', async () => {
    await ensureMonthPartitions(t.db, ['2027-06-03']);
    const exists = await sql<{
      n: string | null;
    }>`select to_regclass('feedback_mentions_p202706')::text as n`.execute(t.db);
    expect(exists.rows[0]!.n).toBe('feedback_mentions_p202706');
    // Dropped behind its back, the cached month is not looked up again (the cache is per handle).
    for (const table of ['feedback_mentions', 'feedback_items']) {
      const month = sql.table(`${table}_p202706`);
      await sql`alter table ${sql.table(table)} detach partition ${month}`.execute(t.db);
      await sql`drop table ${month}`.execute(t.db);
    }
    await ensureMonthPartitions(t.db, ['2027-06-20']);
    const gone = await sql<{
      n: string | null;
    }>`select to_regclass('feedback_items_p202706')::text as n`.execute(t.db);
    expect(gone.rows[0]!.n).toBeNull();
  });
});

describe('reads with a day range', () => {
  /** Runs `read` on a handle that records its statements, then EXPLAINs each: the partitions scanned. */
  async function partitionsRead(read: (db: Kysely<Database>) => Promise<unknown>): Promise<string[]> {
    const pool = new pg.Pool({ connectionString: t.url, max: 1 });
    const seen: CompiledQuery[] = [];
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        if (event.level === 'query') seen.push(event.query);
      },
    });
    try {
      await read(db);
      const scanned = new Set<string>();
      for (const query of seen) {
        const plan = await pool.query(`explain (format json) ${query.sql}`, [...query.parameters]);
        const walk = (node: Record<string, unknown>) => {
          const name = node['Relation Name'];
          if (typeof name === 'string' && /_p\d{6}$/.test(name)) scanned.add(name);
          for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
        };
        walk(plan.rows[0]['QUERY PLAN'][0].Plan);
      }
      return [...scanned].sort();
    } finally {
      await db.destroy();
    }
  }

  beforeAll(async () => {
    const rows = ['2026-05-12', '2026-06-03', '2026-06-25', '2026-07-09', '2026-08-14'].map((day, n) =>
      itemRow({ externalId: `r-${n}`, day }),
    );
    await write(rows);
  });

  it('a cell’s quotes for June read only the June partitions of items and mentions', async () => {
    const cell = { stage: 'fulfilment', touchpoint: 'delivery' };
    const scanned = await partitionsRead((db) =>
      queryCellQuotes(db, cell, { from: '2026-06-01', to: '2026-06-30' }, 10),
    );
    expect(scanned).toEqual(['feedback_items_p202606', 'feedback_mentions_p202606']);
  });

  it('the strongest clauses of June and July read only those months', async () => {
    const cells = [{ stage: 'fulfilment', touchpoint: 'delivery' }];
    const scanned = await partitionsRead((db) =>
      queryClauses(
        db,
        cells,
        { from: '2026-06-10', to: '2026-07-31' },
        {},
        { label: 'negative', perCell: 5 },
      ),
    );
    // The mentions are pruned by the range; each item is read by id and day (pruned at run time).
    expect(scanned.filter((p) => p.startsWith('feedback_mentions'))).toEqual([
      'feedback_mentions_p202606',
      'feedback_mentions_p202607',
    ]);
  });
});
