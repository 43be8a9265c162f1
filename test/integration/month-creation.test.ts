import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackInput } from '../../src/domain.js';
import { writeTaggedItems } from '../../src/storage/items.repository.js';
import { ensureMonthPartitions } from '../../src/storage/partitions.repository.js';
import { findOrCreateRun, insertBatch } from '../../src/storage/runs.repository.js';
import { createTestDb, itemRow, type TestDb, waitFor } from './helpers.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await t.db
    .transaction()
    .execute((trx) => writeTaggedItems(trx, [itemRow({ externalId: 'seed', day: '2026-01-05' })]));
});
afterAll(() => t.drop());

/** Statements of this database waiting for a lock. */
const waitingForLocks = async () =>
  (
    await sql<{ n: number }>`
      select count(*)::integer as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db)
  ).rows[0]!.n;

describe('a new month beside batches being written', () => {
  it('is created without a deadlock while one batch commits and the next one starts', async () => {
    // C: a batch of January, written and not yet committed (it holds the key and item tables).
    let commitC = () => {};
    const cCommitted = new Promise<void>((resolve) => {
      commitC = resolve;
    });
    const c = t.db.transaction().execute(async (trx) => {
      await writeTaggedItems(trx, [itemRow({ externalId: 'c', day: '2026-01-06' })]);
      await cCommitted;
    });
    await waitFor(
      async () =>
        (
          await sql<{ n: number }>`select count(*)::integer as n from pg_stat_activity
        where datname = current_database() and state = 'idle in transaction'`.execute(t.db)
        ).rows[0]!.n === 1,
      'batch C to hold its locks',
    );
    // B: another job meets a month nobody wrote yet and creates it; it must wait for C.
    const b = ensureMonthPartitions(t.db, ['2026-09-14']);
    await waitFor(async () => (await waitingForLocks()) === 1, 'the new month to wait for batch C');
    // A: the next January batch starts before C commits; it waits too.
    const a = t.db
      .transaction()
      .execute((trx) => writeTaggedItems(trx, [itemRow({ externalId: 'a', day: '2026-01-07' })]));
    await waitFor(async () => (await waitingForLocks()) === 2, 'batch A to wait');
    commitC();
    // Without one lock order, B takes the item table and then waits for the key table A holds.
    const outcomes = await Promise.allSettled([c, b, a]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    const placed = await sql<{ partition: string }>`
      select tableoid::regclass::text as partition from feedback_items order by external_id`.execute(t.db);
    expect(placed.rows.map((r) => r.partition)).toEqual(Array(3).fill('feedback_items_p202601'));
    const september = await sql<{ n: string | null }>`
      select to_regclass('feedback_mentions_p202609')::text as n`.execute(t.db);
    expect(september.rows[0]!.n).toBe('feedback_mentions_p202609');
  });
});

const exists = async (name: string) =>
  (await sql<{ n: string | null }>`select to_regclass(${name})::text as n`.execute(t.db)).rows[0]!.n !== null;

const answer = (externalId: string, receivedAt: string): FeedbackInput => ({
  source: 'survey',
  externalId,
  receivedAt,
  text: 'late parcel',
  rating: null,
  channel: null,
  customerId: null,
  segment: {},
  language: 'en',
});

describe('a stored batch', () => {
  it('has the months of its items’ UTC days before a worker writes it, so no worker creates one', async () => {
    const { run } = await findOrCreateRun(t.db, {
      kind: 'file',
      source: 'survey',
      fileName: 'months.csv',
      fileSha256: 'months',
    });
    // The second is 2027-03-31 in its own zone and 2027-04-01 in UTC: April it is.
    await insertBatch(t.db, run.id, 1, [
      answer('m1', '2027-02-10T09:00:00.000Z'),
      answer('m2', '2027-03-31T23:30:00-02:00'),
    ]);
    const months = ['202702', '202703', '202704'];
    expect(await Promise.all(months.map((m) => exists(`feedback_items_p${m}`)))).toEqual([true, false, true]);
    expect(await Promise.all(months.map((m) => exists(`feedback_mentions_p${m}`)))).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('stored inside a transaction leaves its months to the worker (the item table stays unlocked)', async () => {
    const { run } = await findOrCreateRun(t.db, {
      kind: 'file',
      source: 'survey',
      fileName: 'pull.csv',
      fileSha256: 'pull',
    });
    await t.db
      .transaction()
      .execute((trx) => insertBatch(trx, run.id, 1, [answer('p1', '2027-08-10T09:00:00.000Z')]));
    expect(await exists('feedback_items_p202708')).toBe(false);
  });
});
