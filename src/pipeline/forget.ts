// Erasure (`painmap forget`, DELETE /v1/customers/:id): a customer's items, or one source record's,
// go in ONE transaction with everything derived from them — mentions, their counts in
// pain_point_daily and pain_point_weekly (moved by exactly what they counted, so the aggregates
// still equal a recomputation from raw items), the durable batches' copies, error rows about them
// and stored alert quotes — and an audit row records who asked, when and how many rows of each kind
// went, never the content and never the id in clear.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { applyAggregateDelta } from '../storage/aggregates.repository.js';
import type { Db } from '../storage/db.js';
import {
  batchesOf,
  deleteItems,
  deleteRecordErrors,
  type ErasureCounts,
  elementOf,
  exampleOf,
  type ItemSelector,
  insertAuditRow,
  lockSelectedItems,
  type RecordKey,
  stripAlertExamples,
  stripBatchItems,
} from '../storage/erasure.repository.js';
import { deleteMentionsCounted } from '../storage/items.repository.js';
import type { Database } from '../storage/tables.js';

export type { ErasureCounts, ItemSelector };

export interface ForgetSummary {
  dryRun: boolean;
  subject: ItemSelector['kind'];
  /** sha256 of the selector: the audit row's key (see subjectHash). */
  subjectHash: string;
  /** False when nothing matched (every count 0). */
  matched: boolean;
  counts: ErasureCounts;
  /** The privacy_audit row (null in a dry run). */
  auditId: number | null;
}

/**
 * The audit row's handle on a request: sha256 of a fixed prefix and the selector. Whoever knows the
 * id can find the row again (`select … where subject_hash = encode(sha256(…), 'hex')`); the row alone
 * does not show the id. A short or guessable id can be found by trying candidates: a pseudonym, not
 * anonymity.
 */
export function subjectHash(selector: ItemSelector): string {
  const subject =
    selector.kind === 'customer'
      ? `painmap/customer:${selector.customerId}`
      : `painmap/record:${JSON.stringify([selector.source, selector.externalId])}`;
  return createHash('sha256').update(subject, 'utf8').digest('hex');
}

class DryRunRollback extends Error {
  constructor(readonly counts: ErasureCounts) {
    super('dry run: rolled back');
  }
}

/**
 * Erases the selected items and everything derived from them in one transaction, with its audit
 * row. A dry run does the same work in a transaction it rolls back, so its counts are exact.
 */
export async function forget(
  db: Db,
  request: { selector: ItemSelector; actor: string; dryRun?: boolean },
): Promise<ForgetSummary> {
  const startedAt = new Date();
  const base = { subject: request.selector.kind, subjectHash: subjectHash(request.selector) };
  try {
    return await db.transaction().execute(async (trx) => {
      const counts = await forgetWithin(trx, request.selector);
      if (request.dryRun) throw new DryRunRollback(counts);
      const auditId = await insertAuditRow(trx, {
        action: 'forget',
        subjectKind: request.selector.kind,
        subjectHash: base.subjectHash,
        actor: request.actor,
        cutoffDay: null,
        counts: { ...counts },
        startedAt,
      });
      return { ...base, dryRun: false, matched: anyRemoved(counts), counts, auditId };
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
    return { ...base, dryRun: true, matched: anyRemoved(error.counts), counts: error.counts, auditId: null };
  }
}

const anyRemoved = (counts: ErasureCounts) => Object.values(counts).some((n) => n > 0);

/**
 * The erasure itself, in the caller's transaction. Batches are locked before items, the order the
 * tag step takes them in (batch row, then its items), so a concurrent tag batch waits for this
 * transaction and then sees its payload changed instead of deadlocking or writing an erased item.
 */
export async function forgetWithin(
  trx: Transaction<Database>,
  selector: ItemSelector,
): Promise<ErasureCounts> {
  const stripped = await stripBatchItems(trx, batchesOf(selector), elementOf(selector));
  const items = await lockSelectedItems(trx, selector);
  const ids = items.map((item) => item.id);
  const removed = await deleteMentionsCounted(trx, ids);
  const deleted = await deleteItems(trx, ids);
  await applyAggregateDelta(trx, { cells: [], spread: [] }, removed);
  const keys: RecordKey[] = [...items, ...stripped.keys];
  // A record of the source that was never stored (rejected, a duplicate) still has error rows.
  if (selector.kind === 'record') {
    keys.push({ source: selector.source, external_id: selector.externalId, run_id: null });
  }
  const customerId = selector.kind === 'customer' ? selector.customerId : null;
  const errors = await deleteRecordErrors(trx, keys, customerId);
  const alertExamples = keys.length > 0 ? await stripAlertExamples(trx, exampleOf(keys)) : 0;
  return {
    items: deleted,
    mentions: removed.cells.reduce((n, cell) => n + cell.mentions, 0),
    cells: removed.cells.length,
    batches: stripped.batches,
    batchItems: stripped.items,
    errors,
    alertExamples,
  };
}
