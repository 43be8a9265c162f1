// The hot write path: one tagged batch of items and their mentions, and the change it makes to
// pain_point_daily, in the caller's transaction.
import { sql, type Transaction } from 'kysely';
import { applyAggregateDelta, type CellCounts } from './aggregates.repository.js';
import { countAddedCells } from './cell-counts.js';
import type { Database } from './tables.js';

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

/**
 * Upserts items by (source, external_id): new ones are inserted, edited ones (other content or
 * other tagger/taxonomy versions) are updated with fresh mentions, identical ones are left alone
 * (unless `force`). The aggregate moves by exactly what the mentions added and removed.
 * Rows are locked in key order, so concurrent batches cannot deadlock.
 */
export interface WriteOptions {
  /** Rewrite items even when content and versions are unchanged (retag --force). */
  force?: boolean;
}

export async function writeTaggedItems(
  trx: Trx,
  input: ItemRow[],
  options: WriteOptions = {},
): Promise<WriteOutcome> {
  const rows = dedupeByKey(input);
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, days: [] };
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
  const mentionOwners: Array<[number, ItemRow]> = [];
  for (const row of rows) {
    const id = insertedIds.get(keyOf(row.source, row.externalId));
    if (id !== undefined) mentionOwners.push([id, row]);
  }
  for (const [i, { row }] of changed.entries()) mentionOwners.push([updatedIds[i]!, row]);
  await insertMentions(trx, mentionOwners);
  await applyAggregateDelta(trx, countAddedCells(mentionOwners.map(([, row]) => row)), removed);
  const days = new Set<string>();
  for (const [, row] of mentionOwners) days.add(row.day);
  for (const { old } of changed) days.add(old.day);
  return {
    inserted: insertedIds.size,
    updated: changed.length,
    unchanged: rows.length - insertedIds.size - changed.length,
    days: [...days].sort(),
  };
}

async function lockExisting(trx: Trx, rows: ItemRow[]): Promise<Map<string, Existing>> {
  const result = await sql<Omit<Existing, 'key'> & { source: string; external_id: string }>`
    select i.id, i.source, i.external_id, i.received_day::text as day, i.content_hash,
           i.tagger_version, i.taxonomy_version
    from feedback_items i
    join unnest(${rows.map((r) => r.source)}::text[], ${rows.map((r) => r.externalId)}::text[])
      as k(source, external_id) on i.source = k.source and i.external_id = k.external_id
    order by i.source, i.external_id
    for update of i`.execute(trx);
  return new Map(
    result.rows.map((r) => [keyOf(r.source, r.external_id), { ...r, key: keyOf(r.source, r.external_id) }]),
  );
}

function itemColumns(rows: ItemRow[]) {
  return {
    source: rows.map((r) => r.source),
    externalId: rows.map((r) => r.externalId),
    contentHash: rows.map((r) => r.contentHash),
    receivedAt: rows.map((r) => r.receivedAt),
    day: rows.map((r) => r.day),
    text: rows.map((r) => r.text),
    rating: rows.map((r) => r.rating),
    ratingScale: rows.map((r) => r.ratingScale),
    channel: rows.map((r) => r.channel),
    customerId: rows.map((r) => r.customerId),
    segment: rows.map((r) => r.segmentJson),
    language: rows.map((r) => r.language),
    label: rows.map((r) => r.label),
    score: rows.map((r) => r.score),
    ratingUsed: rows.map((r) => r.ratingUsed),
    stage: rows.map((r) => r.stage),
    touchpoint: rows.map((r) => r.touchpoint),
    taxonomyVersion: rows.map((r) => r.taxonomyVersion),
    taggerVersion: rows.map((r) => r.taggerVersion),
    runId: rows.map((r) => r.runId),
    format: rows.map((r) => r.format ?? r.source),
    question: rows.map((r) => r.question ?? null),
  };
}

function unnestItems(rows: ItemRow[]) {
  const c = itemColumns(rows);
  return sql`unnest(
      ${c.source}::text[], ${c.externalId}::text[], ${c.contentHash}::text[], ${c.receivedAt}::timestamptz[],
      ${c.day}::date[], ${c.text}::text[], ${c.rating}::real[], ${c.ratingScale}::text[], ${c.channel}::text[],
      ${c.customerId}::text[], ${c.segment}::jsonb[], ${c.language}::text[], ${c.label}::text[],
      ${c.score}::real[], ${c.ratingUsed}::boolean[], ${c.stage}::text[], ${c.touchpoint}::text[],
      ${c.taxonomyVersion}::text[], ${c.taggerVersion}::text[], ${c.runId}::bigint[], ${c.format}::text[],
      ${c.question}::text[])
    as u(source, external_id, content_hash, received_at, received_day, text, rating, rating_scale, channel,
         customer_id, segment, language, sentiment_label, sentiment_score, rating_used, stage, touchpoint,
         taxonomy_version, tagger_version, ingest_run_id, format, question)`;
}

async function insertFresh(trx: Trx, rows: ItemRow[]): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const result = await sql<{ id: number; source: string; external_id: string }>`
    insert into feedback_items (source, external_id, content_hash, received_at, received_day, text, rating,
      rating_scale, channel, customer_id, segment, language, sentiment_label, sentiment_score, rating_used,
      stage, touchpoint, taxonomy_version, tagger_version, ingest_run_id, format, question)
    select * from ${unnestItems(rows)}
    on conflict (source, external_id) do nothing
    returning id, source, external_id`.execute(trx);
  return new Map(result.rows.map((r) => [keyOf(r.source, r.external_id), r.id]));
}

async function updateChanged(trx: Trx, changed: Array<{ row: ItemRow; old: Existing }>): Promise<number[]> {
  if (changed.length === 0) return [];
  const ids = changed.map(({ old }) => old.id);
  const rows = changed.map(({ row }) => row);
  await sql`
    update feedback_items f set
      content_hash = u.content_hash, received_at = u.received_at, received_day = u.received_day,
      text = u.text, rating = u.rating, rating_scale = u.rating_scale, channel = u.channel,
      customer_id = u.customer_id, segment = u.segment, language = u.language,
      sentiment_label = u.sentiment_label, sentiment_score = u.sentiment_score, rating_used = u.rating_used,
      stage = u.stage, touchpoint = u.touchpoint, taxonomy_version = u.taxonomy_version,
      tagger_version = u.tagger_version, ingest_run_id = coalesce(u.ingest_run_id, f.ingest_run_id),
      format = u.format, question = u.question,
      updated_at = now()
    from ${unnestItems(rows)}
    where f.source = u.source and f.external_id = u.external_id`.execute(trx);
  return ids;
}

/** Deletes edited items' mentions, returning what they counted in pain_point_daily (old cells). */
async function removeOldMentions(
  trx: Trx,
  changed: Array<{ row: ItemRow; old: Existing }>,
): Promise<CellCounts[]> {
  return deleteMentionsCounted(
    trx,
    changed.map(({ old }) => old.id),
  );
}

/**
 * Deletes the mentions of these items, returning what they counted in the aggregate tables, cell by
 * cell (the items must still exist: their day, source and segment place the cells). Edits, erasure
 * and retention subtract exactly this.
 */
export async function deleteMentionsCounted(trx: Trx, ids: readonly number[]): Promise<CellCounts[]> {
  if (ids.length === 0) return [];
  const result = await sql<CellCounts>`
    with gone as (
      delete from feedback_mentions where item_id = any(${[...ids]}::bigint[])
      returning item_id, stage, touchpoint, sentiment_label, sentiment_score)
    select i.received_day::text as day, g.stage, g.touchpoint, i.source, i.segment::text as segment,
           count(*)::integer as mentions,
           count(*) filter (where g.sentiment_label = 'negative')::integer as negative,
           count(*) filter (where g.sentiment_label = 'neutral')::integer as neutral,
           count(*) filter (where g.sentiment_label = 'positive')::integer as positive,
           coalesce(sum(g.sentiment_score::double precision), 0) as sentiment_sum,
           coalesce(sum(-g.sentiment_score::double precision) filter (where g.sentiment_label = 'negative'), 0)
             as negative_intensity_sum,
           count(distinct g.item_id)::integer as items
    from gone g join feedback_items i on i.id = g.item_id
    group by i.received_day, g.stage, g.touchpoint, i.source, i.segment`.execute(trx);
  return result.rows;
}

/** Inserts the owners' mentions (evidence travels as one JSON document for the whole batch). */
async function insertMentions(trx: Trx, owners: Array<[number, ItemRow]>): Promise<void> {
  const cols = {
    itemId: [] as number[],
    ordinal: [] as number[],
    start: [] as number[],
    end: [] as number[],
    stage: [] as string[],
    touchpoint: [] as string[],
    label: [] as string[],
    score: [] as number[],
    evidence: [] as string[],
  };
  for (const [id, row] of owners) {
    for (const m of row.mentions) {
      cols.itemId.push(id);
      cols.ordinal.push(m.ordinal);
      cols.start.push(m.start);
      cols.end.push(m.end);
      cols.stage.push(m.stage);
      cols.touchpoint.push(m.touchpoint);
      cols.label.push(m.label);
      cols.score.push(m.score);
      cols.evidence.push(m.evidenceJson);
    }
  }
  if (cols.itemId.length === 0) return;
  await sql`
    insert into feedback_mentions (item_id, ordinal, start_offset, end_offset, stage, touchpoint,
      sentiment_label, sentiment_score, evidence)
    select u.item_id, u.ordinal, u.start_offset, u.end_offset, u.stage, u.touchpoint, u.label, u.score, e.evidence
    from unnest(${cols.itemId}::bigint[], ${cols.ordinal}::smallint[], ${cols.start}::int[],
      ${cols.end}::int[], ${cols.stage}::text[], ${cols.touchpoint}::text[], ${cols.label}::text[],
      ${cols.score}::real[]) with ordinality
      as u(item_id, ordinal, start_offset, end_offset, stage, touchpoint, label, score, n)
    join json_array_elements(${`[${cols.evidence.join(',')}]`}::json) with ordinality as e(evidence, n)
      using (n)`.execute(trx);
}
