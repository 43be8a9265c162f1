// What a taxonomy change would do to the stored items: tag each with the old and the new taxonomy
// and count the mentions that would change cell. Read-only; pages by id, so memory stays constant.
import type { Db } from '../storage/db.js';
import { listItemIdsAfter, readStoredItems, type StoredItemFilter } from '../storage/retag.repository.js';
import { addItemMoves, createMoveTally, type MoveSummary, summarizeMoves } from '../tagging/cell-moves.js';
import type { TagInput, TagResult } from '../tagging/types.js';
import { tagInputOf } from './item-rows.js';
import { toFeedbackInput } from './stored-item.js';

type Tag = (input: TagInput) => TagResult;

export interface TaxonomyDiffOptions {
  /** Only items received on or after this UTC day (YYYY-MM-DD). */
  since?: string;
  /** At most this many items (the lowest ids). */
  limit?: number;
  batchSize?: number;
  onPage?: (progress: { examined: number }) => void;
}

export async function diffTaxonomies(
  db: Db,
  taggers: { old: Tag; new: Tag },
  options: TaxonomyDiffOptions = {},
): Promise<MoveSummary> {
  const filter: StoredItemFilter = options.since ? { since: `${options.since}T00:00:00Z` } : {};
  const batchSize = options.batchSize ?? 500;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const tally = createMoveTally();
  let after = 0;
  while (tally.items < limit) {
    const ids = await listItemIdsAfter(db, filter, after, Math.min(batchSize, limit - tally.items));
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    for (const stored of await readStoredItems(db, ids, filter, { lock: false })) {
      const input = tagInputOf(toFeedbackInput(stored));
      const before = taggers.old(input);
      const now = taggers.new(input);
      addItemMoves(
        tally,
        { cells: before.mentions, sentiment: before.sentiment.label },
        { cells: now.mentions, sentiment: now.sentiment.label },
      );
    }
    options.onPage?.({ examined: tally.items });
  }
  return summarizeMoves(tally);
}
