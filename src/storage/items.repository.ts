// The hot write path: one tagged batch of items and their mentions, and the change it makes to the
// aggregate tables (pain_point_daily and pain_point_weekly), in the caller's transaction.
import { sql, type Transaction } from 'kysely';
import { type AggregateDelta, applyAggregateDelta, type CellCounts } from './aggregates.repository.js';
import { countAddedCells, countAddedSpread } from './cell-counts.js';
import { columnList, unnestItems, updateList } from './item-columns.js';
import { insertMentions, type MentionOwner, type MentionWriteOptions } from './mentions.repository.js';
import { ensureMonthPartitions } from './partitions.repository.js';
import { countSpreadOfItems } from './stage-spread.repository.js';
import type { Database } from './tables.js';

export { ITEM_COLUMNS, type ItemColumn } from './item-columns.js';

export interface MentionRow {
  ordinal: number;
  start: number;
  end: number;
  stage: string;
  touchpoint: string;
  label: string;
  score: number;
  /** JSON text of the evidence array. */
  evidenceJson: string;
}

export interface ItemRow {
  source: string;
  /** The format's own source name (`zendesk`); absent: the same as `source`. */
  format?: string;
  externalId: string;
  contentHash: string;
  receivedAt: string;
  day: string;
  text: string;
  rating: number | null;
  ratingScale: string | null;
  channel: string | null;
  customerId: string | null;
  segmentJson: string;
  language: string | null;
  question?: string | null;
  label: string;
  score: number;
  ratingUsed: boolean;
  stage: string;
  touchpoint: string;
  taxonomyVersion: string;
  taggerVersion: string;
  runId: number | null;
  mentions: MentionRow[];
}

export interface WriteOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Every UTC day whose aggregate the write changed (new and old days of edited items). */
  days: string[];
}

type Trx = Transaction<Database>;
interface Existing {
  id: number;
  key: string;
  day: string;
  content_hash: string;
  tagger_version: string;
  taxonomy_version: string;
}

const keyOf = (source: string, externalId: string) => `${source}\u0000${externalId}`;

/** Sorts by the conflict key and keeps the last row of each key (no row twice in one statement). */
export function dedupeByKey(rows: ItemRow[]): ItemRow[] {
  const byKey = new Map<string, ItemRow>();
  for (const row of rows) byKey.set(keyOf(row.source, row.externalId), row);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

export interface WriteOptions extends MentionWriteOptions {
  /** Rewrite items even when content and versions are unchanged (retag --force). */
  force?: boolean;
}

/**
 * Upserts items by (source, external_id): new ones are inserted, edited ones (other content or
 * other tagger/taxonomy versions) are updated with fresh mentions, identical ones are left alone
 * (unless `force`). The aggregate tables move by exactly what the mentions added and removed.
 * Rows are locked in key order, so concurrent batches cannot deadlock. The batch's months must have
 * their partitions (the pipeline ensures them before the transaction; this checks, and creates any
 * still missing inside the transaction).
 */
export async function writeTaggedItems(
  trx: Trx,
  input: ItemRow[],
  options: WriteOptions = {},
): Promise<WriteOutcome> {
  const { delta, ...outcome } = await writeItemsAndMentions(trx, input, options);
  await applyAggregateDelta(trx, delta.added, delta.removed);
  return outcome;
}

/**
 * Generic plans for the rest of the batch's transaction. Each item key and mention row fires a foreign-key
 * check against the month-partitioned feedback_items; with the default plan_cache_mode Postgres re-plans
 * that check for every row (a custom plan prunes to one partition, so it always looks cheaper than the
 * generic one, which prunes at run time instead), and the planning cost more than the insert: at 50,000
 * items with 4 mentions each, bench:write 530 / 495 -> 296 / 382 µs an item (Postgres CPU 402 / 384 ->
 * 214 / 279), interleaved. The batch's own statements are set-based over arrays, so a generic plan serves
 * them as well. `set local`: the setting ends with the transaction, reads never see it.
 */
async function useGenericPlans(trx: Trx): Promise<void> {
  await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
}

/**
 * writeTaggedItems without its last step: the aggregate delta comes back for the caller to apply
 * (applyAggregateDelta) as the last statement of its transaction, so the aggregate rows, which every
 * batch touches, stay locked as briefly as possible.
 */
export async function writeItemsAndMentions(
  trx: Trx,
  input: ItemRow[],
  options: WriteOptions = {},
): Promise<WriteOutcome & { delta: { added: AggregateDelta; removed: AggregateDelta } }> {
  const rows = dedupeByKey(input);
  const none = { cells: [], spread: [] };
  if (rows.length === 0)
    return { inserted: 0, updated: 0, unchanged: 0, days: [], delta: { added: none, removed: none } };
  await ensureMonthPartitions(
    trx,
    rows.map((row) => row.day),
  );
  await useGenericPlans(trx);
  // New keys first, in key order: ON CONFLICT DO NOTHING skips the existing ones, which are then
  // locked (also in key order) and compared. A batch of only new items never reads before it writes.
  const insertedIds = await insertFresh(trx, rows);
  const others = rows.filter((row) => !insertedIds.has(keyOf(row.source, row.externalId)));
  const existing = others.length > 0 ? await lockExisting(trx, others) : new Map<string, Existing>();
  const changed: Array<{ row: ItemRow; old: Existing }> = [];
  for (const row of others) {
    const old = existing.get(keyOf(row.source, row.externalId));
    if (
      old &&
      (options.force ||
        old.content_hash !== row.contentHash ||
        old.tagger_version !== row.taggerVersion ||
        old.taxonomy_version !== row.taxonomyVersion)
    )
      changed.push({ row, old });
  }
  const removed = await removeOldMentions(trx, changed);
  const updatedIds = await updateChanged(trx, changed);
  const mentionOwners: MentionOwner[] = [];
  for (const row of rows) {
    const id = insertedIds.get(keyOf(row.source, row.externalId));
    if (id !== undefined) mentionOwners.push([id, row]);
  }
  for (const [i, { row }] of changed.entries()) mentionOwners.push([updatedIds[i]!, row]);
  await insertMentions(trx, mentionOwners, options);
  const added = mentionOwners.map(([, row]) => row);
  const days = new Set<string>();
  for (const [, row] of mentionOwners) days.add(row.day);
  for (const { old } of changed) days.add(old.day);
  return {
    inserted: insertedIds.size,
    updated: changed.length,
    unchanged: rows.length - insertedIds.size - changed.length,
    days: [...days].sort(),
    delta: { added: { cells: countAddedCells(added), spread: countAddedSpread(added) }, removed },
  };
}

/** Finds existing items through their key row (which says where the item lives) and locks them. */
async function lockExisting(trx: Trx, rows: ItemRow[]): Promise<Map<string, Existing>> {
  const result = await sql<Omit<Existing, 'key'> & { source: string; external_id: string }>`
    select i.id, k.source, k.external_id, i.received_day::text as day, i.content_hash,
           i.tagger_version, i.taxonomy_version
    from feedback_item_keys k
    join unnest(${rows.map((r) => r.source)}::text[], ${rows.map((r) => r.externalId)}::text[])
      as u(source, external_id) on k.source = u.source and k.external_id = u.external_id
    join feedback_items i on i.id = k.item_id and i.received_day = k.received_day
    order by k.source, k.external_id
    for update of i`.execute(trx);
  return new Map(
    result.rows.map((r) => [keyOf(r.source, r.external_id), { ...r, key: keyOf(r.source, r.external_id) }]),
  );
}

/**
 * Claims the keys not taken yet (feedback_item_keys: the idempotency key, which a table partitioned
 * by day cannot hold), each with a new item id, and inserts those items. One statement: the keys'
 * foreign key to the items is checked at its end.
 */
async function insertFresh(trx: Trx, rows: ItemRow[]): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const result = await sql<{ id: number; source: string; external_id: string }>`
    with u as materialized (select * from ${unnestItems(rows)}),
    claimed as (
      insert into feedback_item_keys (source, external_id, item_id, received_day)
      select u.source, u.external_id, nextval('feedback_items_id_seq'), u.received_day from u
      on conflict (source, external_id) do nothing
      returning source, external_id, item_id)
    insert into feedback_items (id, ${columnList()})
    select c.item_id, ${columnList('u')} from u join claimed c using (source, external_id)
    returning id, source, external_id`.execute(trx);
  return new Map(result.rows.map((r) => [keyOf(r.source, r.external_id), r.id]));
}

async function updateChanged(trx: Trx, changed: Array<{ row: ItemRow; old: Existing }>): Promise<number[]> {
  if (changed.length === 0) return [];
  const ids = changed.map(({ old }) => old.id);
  const rows = changed.map(({ row }) => row);
  // By id and old day (the partition it is in). A new day moves the row to its month's partition,
  // and the foreign keys' `on update cascade` moves its key row with it.
  await sql`
    update feedback_items f set ${updateList()}, updated_at = now()
    from ${unnestItems(rows, true)}
    join unnest(${ids}::bigint[], ${changed.map(({ old }) => old.day)}::date[]) with ordinality as o(id, day, n)
      using (n)
    where f.id = o.id and f.received_day = o.day`.execute(trx);
  return ids;
}

/** Deletes edited items' mentions, returning what they counted in the aggregate tables (old cells). */
async function removeOldMentions(
  trx: Trx,
  changed: Array<{ row: ItemRow; old: Existing }>,
): Promise<AggregateDelta> {
  return deleteMentionsCounted(
    trx,
    changed.map(({ old }) => old.id),
  );
}

/**
 * Deletes the mentions of these items, returning what they counted in the aggregate tables, cell by
 * cell, and their spread rows (the items must still exist: their day, source and segment place the
 * cells). Edits, erasure and retention subtract exactly this.
 */
export async function deleteMentionsCounted(trx: Trx, ids: readonly number[]): Promise<AggregateDelta> {
  if (ids.length === 0) return { cells: [], spread: [] };
  const spread = await countSpreadOfItems(trx, ids);
  const result = await sql<CellCounts>`
    with gone as (
      delete from feedback_mentions where item_id = any(${[...ids]}::bigint[])
      returning item_id, received_day, stage, touchpoint, sentiment_label, sentiment_score)
    select i.received_day::text as day, g.stage, g.touchpoint, i.source, i.segment::text as segment,
           count(*)::integer as mentions,
           count(*) filter (where g.sentiment_label = 'negative')::integer as negative,
           count(*) filter (where g.sentiment_label = 'neutral')::integer as neutral,
           count(*) filter (where g.sentiment_label = 'positive')::integer as positive,
           coalesce(sum(g.sentiment_score::double precision), 0) as sentiment_sum,
           coalesce(sum(-g.sentiment_score::double precision) filter (where g.sentiment_label = 'negative'), 0)
             as negative_intensity_sum,
           count(distinct g.item_id)::integer as items
    from gone g join feedback_items i on i.id = g.item_id and i.received_day = g.received_day
    group by i.received_day, g.stage, g.touchpoint, i.source, i.segment`.execute(trx);
  return { cells: result.rows, spread };
}
