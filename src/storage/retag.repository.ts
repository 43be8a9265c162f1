// Reading stored items back for re-tagging: id-ordered pages (keyset), the items themselves, and
// the cells of their current mentions.
import type { Kysely } from 'kysely';
import type { Database } from './tables.js';

type Reader = Kysely<Database>;

export interface StoredItemFilter {
  /** Only items received at or after this instant (ISO-8601). */
  since?: string;
  /** Only items whose tagger or taxonomy version differs from these; absent: every item. */
  notAt?: { tagger: string; taxonomy: string };
}

export interface StoredItem {
  id: number;
  source: string;
  external_id: string;
  content_hash: string;
  received_at: Date;
  text: string;
  rating: number | null;
  rating_scale: string | null;
  channel: string | null;
  customer_id: string | null;
  segment: Record<string, string>;
  language: string | null;
  format: string;
  question: string | null;
  sentiment_label: string;
  taxonomy_version: string;
  tagger_version: string;
}

export interface StoredCell {
  stage: string;
  touchpoint: string;
}

function filtered(db: Reader, filter: StoredItemFilter) {
  let query = db.selectFrom('feedback_items');
  if (filter.since !== undefined) query = query.where('received_at', '>=', new Date(filter.since));
  const { notAt } = filter;
  if (notAt) {
    query = query.where((eb) =>
      eb.or([eb('tagger_version', '<>', notAt.tagger), eb('taxonomy_version', '<>', notAt.taxonomy)]),
    );
  }
  return query;
}

/** The ids of the next page: matching items with an id above `after`, in id order. */
export async function listItemIdsAfter(
  db: Reader,
  filter: StoredItemFilter,
  after: number,
  limit: number,
): Promise<number[]> {
  const rows = await filtered(db, filter)
    .select('id')
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The items of `ids` that still match the filter, in id order. With `lock` (inside a transaction)
 * the rows are locked in (source, external_id) order, the order the write path locks them in, so
 * a concurrent tag batch waits instead of deadlocking, and nobody edits them until commit.
 */
export async function readStoredItems(
  db: Reader,
  ids: number[],
  filter: StoredItemFilter,
  options: { lock: boolean },
): Promise<StoredItem[]> {
  if (ids.length === 0) return [];
  let query = filtered(db, filter)
    .select([
      'id',
      'source',
      'external_id',
      'content_hash',
      'received_at',
      'text',
      'rating',
      'rating_scale',
      'channel',
      'customer_id',
      'segment',
      'language',
      'format',
      'question',
      'sentiment_label',
      'taxonomy_version',
      'tagger_version',
    ])
    .where('id', 'in', ids)
    .orderBy('source')
    .orderBy('external_id');
  if (options.lock) query = query.forUpdate();
  const rows = await query.execute();
  return rows.sort((a, b) => a.id - b.id);
}

/** The cells of each item's mentions, in mention order (an item without mentions has none). */
export async function listMentionCells(db: Reader, ids: number[]): Promise<Map<number, StoredCell[]>> {
  const cells = new Map<number, StoredCell[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return cells;
  const rows = await db
    .selectFrom('feedback_mentions')
    .select(['item_id', 'stage', 'touchpoint'])
    .where('item_id', 'in', ids)
    .orderBy('item_id')
    .orderBy('ordinal')
    .execute();
  for (const row of rows) cells.get(row.item_id)?.push({ stage: row.stage, touchpoint: row.touchpoint });
  return cells;
}
