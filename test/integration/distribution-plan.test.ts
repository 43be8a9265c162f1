// The Citus plan (docs/citus.md, src/storage/distribution-plan.ts) against the migrated schema: every
// table placed, every distributed table's unique keys either carry its distribution column or are
// listed as a required change, every foreign key one Citus can keep. No Citus here: this reads the
// plain schema's catalogue, which is what create_distributed_table would check.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISTRIBUTION_PLAN,
  type ForeignKey,
  foreignKeyProblem,
  keysLackingDistributionColumn,
  REQUIRED_KEY_CHANGES,
  type UniqueKey,
} from '../../src/storage/distribution-plan.js';
import { createTestDb, type TestDb } from './helpers.js';

let test: TestDb;
beforeAll(async () => {
  test = await createTestDb();
});
afterAll(() => test.drop());

async function tables(): Promise<string[]> {
  const result = await sql<{ name: string }>`
    select c.relname as name from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
    order by 1`.execute(test.db);
  return result.rows.map((r) => r.name);
}

/** Every primary key and unique index of the public schema, with its key columns (null: an expression). */
async function uniqueKeys(): Promise<UniqueKey[]> {
  const result = await sql<{ table: string; index: string; columns: Array<string | null> }>`
    select t.relname as table, i.relname as index,
           array(select a.attname::text from unnest(x.indkey[0:x.indnkeyatts - 1]) with ordinality k(attnum, n)
                 left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum
                 order by k.n) as columns
    from pg_index x
    join pg_class t on t.oid = x.indrelid
    join pg_class i on i.oid = x.indexrelid
    -- A month partition's index is its partitioned table's index, which is listed.
    where t.relnamespace = 'public'::regnamespace and (x.indisunique or x.indisprimary) and not t.relispartition
    order by 1, 2`.execute(test.db);
  return result.rows;
}

async function foreignKeys(): Promise<ForeignKey[]> {
  const result = await sql<ForeignKey>`
    select c.conname as name, c.conrelid::regclass::text as table, c.confrelid::regclass::text as references,
           array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n) as columns,
           array(select a.attname::text from unnest(c.confkey) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.n)
             as "referencedColumns"
    from pg_constraint c
    -- Without the copies Postgres keeps on each partition (conparentid points at the partitioned one).
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace and c.conparentid = 0
    order by 1`.execute(test.db);
  return result.rows;
}

async function columnType(table: string, column: string): Promise<string | undefined> {
  const result = await sql<{ type: string }>`
    select format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
    where a.attrelid = ${table}::regclass and a.attname = ${column} and not a.attisdropped`.execute(test.db);
  return result.rows[0]?.type;
}

const keyName = (k: { table: string; index: string }) => `${k.table}.${k.index}`;

describe('the Citus distribution plan', () => {
  it('places every table of the schema, and names no table that does not exist', async () => {
    expect(Object.keys(DISTRIBUTION_PLAN).sort()).toEqual(await tables());
  });

  it('distributes each table by a column it has, of one type within a co-location group', async () => {
    const groups = new Map<string, Set<string>>();
    for (const [table, placement] of Object.entries(DISTRIBUTION_PLAN)) {
      if (placement.kind !== 'distributed') continue;
      const type = await columnType(table, placement.column);
      expect(type, `${table}.${placement.column}`).toBeDefined();
      const group = groups.get(placement.colocateWith) ?? new Set<string>();
      group.add(type!);
      groups.set(placement.colocateWith, group);
    }
    expect(Object.fromEntries([...groups].map(([g, types]) => [g, [...types]]))).toEqual({
      feedback_items: ['bigint'],
      pain_point_daily: ['date'],
    });
  });

  it('lists as a required key change exactly the unique keys that lack the distribution column', async () => {
    const keys = await uniqueKeys();
    const distributed = keys.filter((k) => DISTRIBUTION_PLAN[k.table]?.kind === 'distributed');
    // The catalogue read finds the keys it should (a wrong query would pass vacuously).
    expect(distributed.map(keyName)).toContain('feedback_mentions.feedback_mentions_pkey');
    expect(distributed.find((k) => k.index === 'pain_point_daily_pkey')?.columns).toEqual([
      'day',
      'stage',
      'touchpoint',
      'source',
      'segment',
    ]);
    const lacking = keysLackingDistributionColumn(DISTRIBUTION_PLAN, keys).map(keyName).sort();
    expect(lacking).toEqual(REQUIRED_KEY_CHANGES.map(keyName).sort());
    // Today that is the items' idempotency key, in its own table since the month partitions (0019):
    // (source, external_id) has no item id in it.
    expect(lacking).toEqual(['feedback_item_keys.feedback_item_keys_pkey']);
  });

  it('keeps every foreign key one Citus can enforce', async () => {
    const fks = await foreignKeys();
    expect(fks.map((fk) => fk.name)).toContain('feedback_mentions_item_fkey');
    expect(fks.map((fk) => fk.name)).toContain('feedback_item_keys_item_fkey');
    expect(fks.map((fk) => foreignKeyProblem(DISTRIBUTION_PLAN, fk)).filter(Boolean)).toEqual([]);
  });

  it('catches a unique key or a foreign key the plan cannot keep', () => {
    const added: UniqueKey = { table: 'feedback_mentions', index: 'by_stage', columns: ['stage', null] };
    expect(keysLackingDistributionColumn(DISTRIBUTION_PLAN, [added])).toEqual([added]);
    const fromReference: ForeignKey = {
      name: 'runs_item_fkey',
      table: 'ingest_runs',
      columns: ['item_id'],
      references: 'feedback_items',
      referencedColumns: ['id'],
    };
    expect(foreignKeyProblem(DISTRIBUTION_PLAN, fromReference)).toMatch(/reference table cannot point/);
    const acrossGroups: ForeignKey = {
      name: 'daily_item_fkey',
      table: 'pain_point_daily',
      columns: ['day'],
      references: 'feedback_items',
      referencedColumns: ['id'],
    };
    expect(foreignKeyProblem(DISTRIBUTION_PLAN, acrossGroups)).toMatch(/not co-located/);
  });
});
