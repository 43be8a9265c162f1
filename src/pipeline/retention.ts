// Retention (RETENTION_MONTHS; `painmap retention run`, and daily from the scheduler): items received
// before the first kept UTC day are deleted with their mentions, and the aggregates move by exactly
// what those mentions counted, so pain_point_daily and pain_point_weekly always equal a recomputation
// from the raw items that are left (a heatmap shows nothing before the cutoff). The work goes in
// pages of `batchSize` items, each page one transaction that keeps the aggregates consistent, so a
// large first purge never holds one lock for minutes. Then the durable batches' copies of old items,
// the error rows of old runs and stored alert quotes of old items go the same way.
import { sql } from 'kysely';
import { applyAggregateDelta } from '../storage/aggregates.repository.js';
import type { Db } from '../storage/db.js';
import {
  deleteErrorsOfRunsBefore,
  deleteItems,
  type ErasureCounts,
  elementBefore,
  exampleBefore,
  insertAuditRow,
  lockItemsBefore,
  stripAlertExamples,
  stripBatchItems,
} from '../storage/erasure.repository.js';
import { deleteMentionsCounted } from '../storage/items.repository.js';
import { countRetention, listBatchIdsBefore } from '../storage/retention.repository.js';

export interface RetentionOptions {
  months: number;
  /** The clock (tests pass one); the cutoff is computed from it. */
  now?: Date;
  /** Items per transaction (default 1000). */
  batchSize?: number;
  /** Count what would go; write nothing. */
  dryRun?: boolean;
  /** Who runs it, for the audit row: `scheduler`, `cli:<user>`. */
  actor: string;
  onProgress?: (counts: ErasureCounts) => void;
}

export interface RetentionSummary {
  months: number;
  /** The first UTC day kept: everything received before it goes. */
  cutoffDay: string;
  dryRun: boolean;
  counts: ErasureCounts;
  /** Transactions the purge took (0 in a dry run). */
  transactions: number;
  auditId: number | null;
}

/**
 * The first UTC day kept: today (UTC) minus `months` calendar months, clamped to the month's last day
 * (31 March minus one month is 28 or 29 February). Whole days go, so no day is left half-counted.
 */
export function retentionCutoff(now: Date, months: number): string {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(now.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
}

const emptyCounts = (): ErasureCounts => ({
  items: 0,
  mentions: 0,
  cells: 0,
  batches: 0,
  batchItems: 0,
  errors: 0,
  alertExamples: 0,
});

export async function runRetention(db: Db, options: RetentionOptions): Promise<RetentionSummary> {
  const startedAt = new Date();
  const cutoffDay = retentionCutoff(options.now ?? startedAt, options.months);
  const base = { months: options.months, cutoffDay, dryRun: options.dryRun === true };
  if (options.dryRun) {
    return { ...base, counts: await countRetention(db, cutoffDay), transactions: 0, auditId: null };
  }
  const counts = emptyCounts();
  const report = () => options.onProgress?.({ ...counts });
  let transactions = await purgeItems(db, cutoffDay, options.batchSize ?? 1_000, counts, report);
  transactions += await purgeBatches(db, cutoffDay, counts, report);
  for (;;) {
    const deleted = await db.transaction().execute((trx) => deleteErrorsOfRunsBefore(trx, cutoffDay, 5_000));
    if (deleted === 0) break;
    counts.errors += deleted;
    transactions++;
  }
  counts.alertExamples = await db
    .transaction()
    .execute((trx) => stripAlertExamples(trx, exampleBefore(cutoffDay)));
  transactions++;
  const auditId = await insertAuditRow(db, {
    action: 'retention',
    subjectKind: 'retention',
    subjectHash: null,
    actor: options.actor,
    cutoffDay,
    counts: { ...counts, months: options.months },
    startedAt,
  });
  return { ...base, counts, transactions, auditId };
}

/**
 * Deletes old items a page at a time: lock the page, delete its mentions (counting what they added to
 * each cell), delete the items, subtract the counts from the aggregates, commit.
 *
 * Where partitions slot in: once feedback_items and feedback_mentions are partitioned by received
 * month (the performance issue), a partition wholly before the cutoff is dropped instead of paged
 * through: in one transaction, take the aggregate lock exclusively, delete pain_point_daily rows of
 * its days, roll up what they touch again (rollUpFromDays: their weeks and the cell tables), then
 * detach and drop the partitions.
 * Only the partition holding the cutoff day goes through this loop.
 */
async function purgeItems(
  db: Db,
  cutoffDay: string,
  batchSize: number,
  counts: ErasureCounts,
  report: () => void,
): Promise<number> {
  const cells = new Set<string>();
  let transactions = 0;
  for (;;) {
    const page = await db.transaction().execute(async (trx) => {
      const items = await lockItemsBefore(trx, cutoffDay, batchSize);
      const ids = items.map((item) => item.id);
      const removed = await deleteMentionsCounted(trx, ids);
      const deleted = await deleteItems(trx, ids);
      await applyAggregateDelta(trx, { cells: [], spread: [] }, removed);
      return { deleted, removed };
    });
    if (page.deleted === 0) break;
    transactions++;
    counts.items += page.deleted;
    for (const cell of page.removed.cells) {
      counts.mentions += cell.mentions;
      cells.add(
        `${cell.day}\u0000${cell.stage}\u0000${cell.touchpoint}\u0000${cell.source}\u0000${cell.segment}`,
      );
    }
    counts.cells = cells.size;
    report();
  }
  return transactions;
}

/** Removes old items from the batches' payloads, 100 batch rows per transaction, in id order. */
async function purgeBatches(
  db: Db,
  cutoffDay: string,
  counts: ErasureCounts,
  report: () => void,
): Promise<number> {
  let after = 0;
  let transactions = 0;
  for (;;) {
    const ids = await listBatchIdsBefore(db, cutoffDay, after, 100);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    const stripped = await db
      .transaction()
      .execute((trx) =>
        stripBatchItems(trx, sql<boolean>`b.id = any(${ids}::bigint[])`, elementBefore(cutoffDay)),
      );
    transactions++;
    counts.batches += stripped.batches;
    counts.batchItems += stripped.items;
    report();
  }
  return transactions;
}
