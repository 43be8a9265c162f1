// tag.batch: tag a durable batch and store items, mentions and their aggregate delta in one
// transaction.
// One bad item (a value Postgres refuses, a tagger failure) must not sink the batch: on a data
// error the batch is written again item by item, and the bad items become rejected records.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql } from 'kysely';
import type { FeedbackInput } from '../domain.js';
import { classifyError } from '../queue/errors.js';
import { applyAggregateDelta } from '../storage/aggregates.repository.js';
import {
  type ItemRow,
  type WriteOutcome,
  writeItemsAndMentions,
  writeTaggedItems,
} from '../storage/items.repository.js';
import { ensureMonthPartitions } from '../storage/partitions.repository.js';
import { getBatch, lockBatchState, markBatchDone, recordItemErrors } from '../storage/runs.repository.js';
import type { NewIngestError } from '../storage/tables.js';
import type { Deps } from './deps.js';
import { tagInputOf, toItemRow } from './item-rows.js';

export interface TagBatchOutcome {
  runId: number;
  days: string[];
  inserted: number;
  updated: number;
  unchanged: number;
  /** Items that could not be stored and were recorded in ingest_errors instead. */
  rejected: number;
  /** True when the batch had already been done (a redelivery): nothing was written. */
  alreadyDone: boolean;
}

interface Tagged {
  item: FeedbackInput;
  record: number;
  row: ItemRow;
}
interface Failed {
  item: FeedbackInput;
  record: number;
  code: string;
  reason: string;
}

/** Record numbers for items without one stay unique per run (BATCH_SIZE is at most 5 000). */
const recordOf = (item: FeedbackInput, seq: number, index: number) =>
  item.record ?? (seq - 1) * 5_000 + index + 1;

export async function tagBatch(
  deps: Pick<Deps, 'db' | 'tag'>,
  batchId: number,
): Promise<TagBatchOutcome | null> {
  const batch = await getBatch(deps.db, batchId);
  if (!batch) return null;
  const runId = batch.run_id;
  const skipped = { runId, days: [], inserted: 0, updated: 0, unchanged: 0, rejected: 0, alreadyDone: true };
  if (batch.state === 'done') return skipped;
  const items = batch.items as FeedbackInput[];
  const { tagged, failed } = await tagItems(deps, items, batch.seq, runId);
  // Before the transaction: creating a month's partition locks the whole table until it commits.
  await ensureMonthPartitions(
    deps.db,
    tagged.map((t) => t.row.day),
  );
  const write = (oneByOne: boolean) =>
    deps.db.transaction().execute(async (trx) => {
      const locked = await lockBatchState(trx, batchId);
      if (locked === undefined || locked.state === 'done') return skipped;
      // An erasure or retention run removed items from the payload after it was read: read it again.
      if (locked.itemCount !== items.length) throw new PayloadChanged();
      const rows = tagged.map((t) => t.row);
      // The aggregate delta goes last: the aggregate rows every batch touches stay locked for one
      // statement and the commit (see aggregate-delta.ts).
      const { delta, ...written } = oneByOne
        ? { ...(await writeOneByOne(trx, tagged, failed)), delta: null }
        : await writeItemsAndMentions(trx, rows);
      const errorRows = failed.map((f) => toErrorRow(runId, f));
      const rejected = await recordItemErrors(trx, runId, errorRows);
      await markBatchDone(trx, batchId, written);
      if (delta) await applyAggregateDelta(trx, delta.added, delta.removed);
      return { runId, ...written, rejected, alreadyDone: false };
    });
  try {
    return await write(false);
  } catch (error) {
    if (error instanceof PayloadChanged) return tagBatch(deps, batchId);
    if (classifyError(error) !== 'data') throw error;
    return write(true);
  }
}

/** The batch's payload shrank between reading and locking it (payloads only ever lose items). */
class PayloadChanged extends Error {}

/** Items tagged between two turns of the event loop (about 2 ms of CPU). */
const TAG_SLICE = 50;

/**
 * Tags every item; an item the tagger throws on is set aside as a failed record, not retried.
 * Yields to the event loop every TAG_SLICE items: with several jobs per process, another job's
 * open transaction gets its next statement sent instead of waiting (holding its locks) for a
 * whole batch to be tagged.
 */
async function tagItems(deps: Pick<Deps, 'tag'>, items: FeedbackInput[], seq: number, runId: number) {
  const tagged: Tagged[] = [];
  const failed: Failed[] = [];
  for (const [index, item] of items.entries()) {
    if (index > 0 && index % TAG_SLICE === 0) await yieldToEventLoop();
    const record = recordOf(item, seq, index);
    try {
      tagged.push({ item, record, row: toItemRow(item, deps.tag(tagInputOf(item)), runId) });
    } catch (error) {
      const reason = `The tagger failed: ${(error as Error).message}`;
      failed.push({ item, record, code: 'tagger_error', reason });
    }
  }
  return { tagged, failed };
}

/** Each item under its own savepoint: a refused item is rolled back alone and reported. */
async function writeOneByOne(
  trx: Parameters<typeof writeTaggedItems>[0],
  tagged: Tagged[],
  failed: Failed[],
) {
  const total: WriteOutcome = { inserted: 0, updated: 0, unchanged: 0, days: [] };
  for (const t of tagged) {
    await sql`savepoint painmap_item`.execute(trx);
    try {
      const one = await writeTaggedItems(trx, [t.row]);
      await sql`release savepoint painmap_item`.execute(trx);
      total.inserted += one.inserted;
      total.updated += one.updated;
      total.unchanged += one.unchanged;
      total.days.push(...one.days);
    } catch (error) {
      if (classifyError(error) !== 'data') throw error;
      await sql`rollback to savepoint painmap_item`.execute(trx);
      const e = error as Error & { code?: string };
      failed.push({
        item: t.item,
        record: t.record,
        code: 'unstorable_value',
        reason: `Postgres refused a value of this record (${e.code}: ${e.message}).`,
      });
    }
  }
  total.days = [...new Set(total.days)].sort();
  return total;
}

function toErrorRow(runId: number, f: Failed): NewIngestError {
  return {
    run_id: runId,
    kind: 'rejected',
    record: f.record,
    ref: f.item.externalId,
    code: f.code,
    reason: f.reason,
    excerpt: null,
  };
}
