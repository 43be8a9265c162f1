import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { findAggregateDrift, markDaysDirty, rebuildDay } from '../../src/storage/aggregates.repository.js';
import { createDb } from '../../src/storage/db.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { withDatabase } from './global-setup.js';
import { createTestDb, type TestDb } from './helpers.js';

function item(externalId: string, overrides: Partial<ItemRow> = {}): ItemRow {
  return {
    source: 'survey',
    externalId,
    contentHash: `h-${externalId}`,
    receivedAt: '2026-03-02T10:00:00.000Z',
    day: '2026-03-02',
    text: `text ${externalId}`,
    rating: null,
    ratingScale: null,
    channel: 'survey',
    customerId: `c-${externalId}`,
    segmentJson: '{"plan":"pro"}',
    language: 'en',
    label: 'negative',
    score: -0.6,
    ratingUsed: false,
    stage: 'fulfilment',
    touchpoint: 'delivery',
    taxonomyVersion: 't1',
    taggerVersion: 'g1',
    runId: null,
    mentions: [
      {
        ordinal: 0,
        start: 0,
        end: 4,
        stage: 'fulfilment',
        touchpoint: 'delivery',
        label: 'negative',
        score: -0.6,
        evidenceJson: '[]',
      },
      {
        ordinal: 1,
        start: 5,
        end: 9,
        stage: 'purchase',
        touchpoint: 'checkout',
        label: 'positive',
        score: 0.4,
        evidenceJson: '[]',
      },
    ],
    ...overrides,
  };
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

async function write(rows: ItemRow[]) {
  return t.db.transaction().execute(async (trx) => {
    const outcome = await writeTaggedItems(trx, rows);
    await markDaysDirty(trx, outcome.days);
    return outcome;
  });
}
const rebuild = (day: string) => t.db.transaction().execute((trx) => rebuildDay(trx, day));

describe('the item write path', () => {
  it('inserts new items with their mentions, and a redelivered batch adds nothing', async () => {
    const first = await write([item('a'), item('b'), item('a')]);
    expect(first).toEqual({ inserted: 2, updated: 0, unchanged: 0, days: ['2026-03-02'] });
    const again = await write([item('a'), item('b')]);
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 2, days: [] });
    const counts = await sql<{ items: number; mentions: number }>`
      select (select count(*) from feedback_items)::int as items, (select count(*) from feedback_mentions)::int as mentions`.execute(
      t.db,
    );
    expect(counts.rows[0]).toEqual({ items: 2, mentions: 4 });
  });

  it('an edited item is updated in place, re-tagged, and both its old and new days are marked', async () => {
    const edited = item('b', {
      contentHash: 'h-b2',
      receivedAt: '2026-03-05T01:00:00.000Z',
      day: '2026-03-05',
      label: 'positive',
      score: 0.7,
      mentions: [
        {
          ordinal: 0,
          start: 0,
          end: 4,
          stage: 'usage',
          touchpoint: 'product',
          label: 'positive',
          score: 0.7,
          evidenceJson: '[]',
        },
      ],
    });
    const outcome = await write([edited]);
    expect(outcome).toEqual({ inserted: 0, updated: 1, unchanged: 0, days: ['2026-03-02', '2026-03-05'] });
    const mentions = await sql<{ stage: string }>`
      select m.stage from feedback_mentions m join feedback_items i on i.id = m.item_id where i.external_id = 'b'`.execute(
      t.db,
    );
    expect(mentions.rows).toEqual([{ stage: 'usage' }]);
  });

  it('rebuilt days equal a recomputation from raw items, and the oracle sees any tampering', async () => {
    const dirty = await sql<{
      day: string;
    }>`select day::text as day from aggregate_dirty_days order by day`.execute(t.db);
    expect(dirty.rows.map((r) => r.day)).toEqual(['2026-03-02', '2026-03-05']);
    for (const { day } of dirty.rows) await rebuild(day);
    await rebuild('2026-03-02'); // twice: same result
    expect(await findAggregateDrift(t.db)).toEqual([]);
    const left = await sql`select * from aggregate_dirty_days`.execute(t.db);
    expect(left.rows).toHaveLength(0);
    const delivery = await sql<{ mentions: number; negative: number; customers: number }>`
      select mentions, negative, customers from pain_point_daily where day = '2026-03-02' and touchpoint = 'delivery'`.execute(
      t.db,
    );
    expect(delivery.rows).toEqual([{ mentions: 1, negative: 1, customers: 1 }]);

    await sql`update pain_point_daily set mentions = mentions + 1 where touchpoint = 'delivery'`.execute(
      t.db,
    );
    expect((await findAggregateDrift(t.db)).map((d) => d.side)).toEqual(['differs']);
    await sql`delete from pain_point_daily where touchpoint = 'checkout'`.execute(t.db);
    await sql`insert into pain_point_daily values ('2026-03-09', 'usage', 'product', 'survey', '{}', 1, 0, 1, 0, 0, 0, 1, 1)`.execute(
      t.db,
    );
    const drift = await findAggregateDrift(t.db);
    expect(drift.map((d) => d.side).sort()).toEqual(['differs', 'extra', 'missing']);
    await sql`delete from pain_point_daily where day = '2026-03-09'`.execute(t.db);
    await rebuild('2026-03-02');
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('a write during a rebuild keeps the day marked dirty', async () => {
    await write([item('c')]);
    const version = await sql<{
      version: number;
    }>`select version from aggregate_dirty_days where day = '2026-03-02'`.execute(t.db);
    // A second write moves the version; a rebuild that read the old version must not clear the new mark.
    await write([item('d')]);
    await sql`delete from aggregate_dirty_days where day = '2026-03-02' and version = ${version.rows[0]!.version}`.execute(
      t.db,
    );
    const still = await sql`select 1 from aggregate_dirty_days where day = '2026-03-02'`.execute(t.db);
    expect(still.rows).toHaveLength(1);
  });

  it('weekly and monthly views keep the denominators beside the shares', async () => {
    await rebuild('2026-03-02');
    const weekly = await sql<{
      bucket_start: string;
      mentions: number;
      negative: number;
      negative_rate: string;
    }>`
      select bucket_start::text, mentions, negative, negative_rate::text from pain_point_heatmap_weekly
      where touchpoint = 'delivery' order by bucket_start`.execute(t.db);
    expect(weekly.rows).toEqual([
      { bucket_start: '2026-03-02', mentions: 3, negative: 3, negative_rate: '1.0000' },
    ]);
  });
});

describe('migrations', () => {
  it('two processes migrating one empty database at once apply each migration exactly once', async () => {
    const name = `painmap_m_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: inject('adminUrl') });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = withDatabase(inject('adminUrl'), name);
    const a = createDb(url, { poolSize: 2 });
    const b = createDb(url, { poolSize: 2 });
    try {
      const [ra, rb] = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
      expect(ra.length + rb.length).toBeGreaterThan(0);
      const applied = await sql<{ name: string }>`select name from painmap_migrations`.execute(a);
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      expect(await migrateToLatest(a)).toEqual([]);
    } finally {
      await a.destroy();
      await b.destroy();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    }
  });
});
