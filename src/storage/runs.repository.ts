// ingest_runs, ingest_batches and ingest_errors: the durable ledger of what was accepted.
import { sql, type Transaction } from 'kysely';
import { type FeedbackInput, receivedDayOf } from '../domain.js';
import type { Db } from './db.js';
import { ensureMonthPartitions } from './partitions.repository.js';
import type { Database, IngestBatch, IngestRun, NewIngestError } from './tables.js';

type Trx = Transaction<Database>;

export interface NewRun {
  kind: 'file' | 'pull' | 'api';
  source: string;
  fileName: string | null;
  fileSha256: string | null;
}

/** Creates the run, or returns the one already recorded for the same file of the same source. */
export async function findOrCreateRun(db: Db, run: NewRun): Promise<{ run: IngestRun; created: boolean }> {
  const inserted = await db
    .insertInto('ingest_runs')
    .values({ kind: run.kind, source: run.source, file_name: run.fileName, file_sha256: run.fileSha256 })
    .onConflict((oc) =>
      oc.columns(['source', 'file_sha256']).where('file_sha256', 'is not', null).doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { run: inserted, created: true };
  const existing = await db
    .selectFrom('ingest_runs')
    .selectAll()
    .where('source', '=', run.source)
    .where('file_sha256', '=', run.fileSha256)
    .executeTakeFirstOrThrow();
  return { run: existing, created: false };
}

export async function getRun(db: Db, runId: number): Promise<IngestRun | undefined> {
  return db.selectFrom('ingest_runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

/**
 * Stores a batch's payload. Called outside a transaction, it first makes sure the month partitions
 * of the payload's days exist, so the workers that write the batch find them: a worker that has to
 * create a month waits for every batch being written and holds up the ones that start meanwhile (an
 * upload spanning a year did that a dozen times). Inside a transaction (a pull's page) that is left
 * to the worker, so the item table is not locked until the caller commits.
 */
export async function insertBatch(
  db: Db,
  runId: number,
  seq: number,
  items: FeedbackInput[],
): Promise<number> {
  if (!db.isTransaction) await ensureMonthPartitions(db, daysOf(items));
  const row = await db
    .insertInto('ingest_batches')
    .values({
      run_id: runId,
      seq,
      items: JSON.stringify(items),
      item_count: items.length,
      oldest_received_at: oldestReceivedAt(items),
    })
    .onConflict((oc) => oc.columns(['run_id', 'seq']).doUpdateSet({ seq }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The UTC days of a payload's items: the received_day each is stored under (unparsable dates left out). */
function daysOf(items: FeedbackInput[]): string[] {
  const days = new Set<string>();
  for (const item of items) {
    const day = receivedDayOf(item.receivedAt);
    if (day !== null) days.add(day);
  }
  return [...days];
}

/** The earliest receivedAt of a payload (retention finds expired batches by it); 'infinity' when empty. */
function oldestReceivedAt(items: FeedbackInput[]): Date | string {
  let oldest = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const at = Date.parse(item.receivedAt);
    if (at < oldest) oldest = at;
  }
  return Number.isFinite(oldest) ? new Date(oldest) : 'infinity';
}

export async function insertIngestErrors(db: Db | Trx, errors: NewIngestError[]): Promise<void> {
  if (errors.length === 0) return;
  await db
    .insertInto('ingest_errors')
    .values(errors)
    .onConflict((oc) => oc.columns(['run_id', 'kind', 'record']).doNothing())
    .execute();
}

export interface ParsedCounts {
  format: string;
  encoding: string;
  records: number;
  rejected: number;
  skipped: number;
  duplicates: number;
  batchesTotal: number;
}

export async function markRunQueued(db: Db, runId: number, counts: ParsedCounts): Promise<void> {
  await db
    .updateTable('ingest_runs')
    .set({
      state: 'queued',
      format: counts.format,
      encoding: counts.encoding,
      records: counts.records,
      rejected: counts.rejected,
      skipped: counts.skipped,
      duplicates: counts.duplicates,
      batches_total: counts.batchesTotal,
      parsed_at: new Date(),
    })
    .where('id', '=', runId)
    .execute();
}

/** A file-level error: nothing of the file is kept, the run says why. */
export async function markRunRejected(db: Db, runId: number, code: string, message: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('ingest_batches').where('run_id', '=', runId).execute();
    await trx.deleteFrom('ingest_errors').where('run_id', '=', runId).execute();
    await trx
      .updateTable('ingest_runs')
      .set({ state: 'rejected', error_code: code, error_message: message, finished_at: new Date() })
      .where('id', '=', runId)
      .execute();
  });
}

export async function getBatch(db: Db | Trx, batchId: number): Promise<IngestBatch | undefined> {
  return db.selectFrom('ingest_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
}

/**
 * Locks a batch row for the transaction and says its state and how many items its payload holds now
 * (not the items: those were read before; an erasure or retention run may have removed some since).
 */
export async function lockBatchState(
  trx: Trx,
  batchId: number,
): Promise<{ state: string; itemCount: number } | undefined> {
  const row = await trx
    .selectFrom('ingest_batches')
    .select(['state', 'item_count'])
    .where('id', '=', batchId)
    .forUpdate()
    .executeTakeFirst();
  return row && { state: row.state, itemCount: row.item_count };
}

export async function markBatchDone(
  trx: Trx,
  batchId: number,
  outcome: { inserted: number; updated: number; unchanged: number },
): Promise<void> {
  await trx
    .updateTable('ingest_batches')
    .set({
      state: 'done',
      done_at: new Date(),
      inserted: outcome.inserted,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
    })
    .where('id', '=', batchId)
    .execute();
}

/** Closes a queued run once every batch is done; returns true when this call closed it. */
export async function finishRunIfComplete(db: Db, runId: number): Promise<boolean> {
  const result = await sql`
    update ingest_runs r set state = 'done', finished_at = now(),
      inserted = b.inserted, updated = b.updated, unchanged = b.unchanged,
      valid = b.inserted + b.updated + b.unchanged
    from (select count(*) filter (where state = 'pending') as pending,
                 coalesce(sum(inserted), 0) as inserted, coalesce(sum(updated), 0) as updated,
                 coalesce(sum(unchanged), 0) as unchanged, count(*) as total
          from ingest_batches where run_id = ${runId}) b
    where r.id = ${runId} and r.state = 'queued' and b.pending = 0 and b.total = r.batches_total`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function listStaleBatchIds(db: Db, olderThanMs: number, limit = 1000): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    select b.id from ingest_batches b join ingest_runs r on r.id = b.run_id
    where b.state = 'pending' and r.state = 'queued'
      and b.created_at < now() - make_interval(secs => ${olderThanMs / 1000})
    order by b.id limit ${limit}`.execute(db);
  return rows.rows.map((r) => r.id);
}

export async function listCompletableRunIds(db: Db): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    select r.id from ingest_runs r where r.state = 'queued'
      and not exists (select 1 from ingest_batches b where b.run_id = r.id and b.state = 'pending')`.execute(
    db,
  );
  return rows.rows.map((r) => r.id);
}

export async function listRunIssues(db: Db, runId: number, limit = 1000) {
  return db
    .selectFrom('ingest_errors')
    .select(['kind', 'record', 'ref', 'code', 'reason'])
    .where('run_id', '=', runId)
    .orderBy('kind')
    .orderBy('record')
    .limit(limit)
    .execute();
}

/**
 * Records items the tag step could not store (a value Postgres refuses, a tagger failure) as
 * rejected records of their run, and counts them on the run. Inside the batch's transaction.
 */
export async function recordItemErrors(trx: Trx, runId: number, errors: NewIngestError[]): Promise<number> {
  if (errors.length === 0) return 0;
  const inserted = await trx
    .insertInto('ingest_errors')
    .values(errors)
    .onConflict((oc) => oc.columns(['run_id', 'kind', 'record']).doNothing())
    .returning('id')
    .execute();
  if (inserted.length > 0) {
    await trx
      .updateTable('ingest_runs')
      .set((eb) => ({ rejected: eb('rejected', '+', inserted.length) }))
      .where('id', '=', runId)
      .execute();
  }
  return inserted.length;
}
