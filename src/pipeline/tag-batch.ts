// tag.batch: tag a durable batch and store items, mentions and dirty days in one transaction.
import type { FeedbackInput } from '../domain.js';
import { markDaysDirty } from '../storage/aggregates.repository.js';
import { writeTaggedItems } from '../storage/items.repository.js';
import { getBatch, markBatchDone } from '../storage/runs.repository.js';
import type { Deps } from './deps.js';
import { tagInputOf, toItemRow } from './item-rows.js';

export interface TagBatchOutcome {
  runId: number;
  days: string[];
  inserted: number;
  updated: number;
  unchanged: number;
  /** True when the batch had already been done (a redelivery): nothing was written. */
  alreadyDone: boolean;
}

export async function tagBatch(
  deps: Pick<Deps, 'db' | 'tag'>,
  batchId: number,
): Promise<TagBatchOutcome | null> {
  const batch = await getBatch(deps.db, batchId);
  if (!batch) return null;
  const runId = batch.run_id;
  if (batch.state === 'done')
    return { runId, days: [], inserted: 0, updated: 0, unchanged: 0, alreadyDone: true };
  const items = batch.items as FeedbackInput[];
  const rows = items.map((item) => toItemRow(item, deps.tag(tagInputOf(item)), runId));
  return deps.db.transaction().execute(async (trx) => {
    const locked = await getBatch(trx, batchId, true);
    if (!locked || locked.state === 'done') {
      return { runId, days: [], inserted: 0, updated: 0, unchanged: 0, alreadyDone: true };
    }
    const outcome = await writeTaggedItems(trx, rows);
    await markDaysDirty(trx, outcome.days);
    await markBatchDone(trx, batchId, outcome);
    return { runId, ...outcome, alreadyDone: false };
  });
}
