// The feedback_items columns the write path sets, and the SQL fragments generated from that one list
// (the unnest of a batch, the insert list, an edit's update list), so they cannot drift apart.
import { type RawBuilder, sql } from 'kysely';
import type { ItemRow } from './items.repository.js';
import type { Database } from './tables.js';

/**
 * The feedback_items columns the write path sets, each once: its name, its Postgres type and how it
 * is read from an ItemRow. The unnest arguments, their aliases, the insert list and the update list
 * are all generated from this one list, so they cannot drift apart.
 */
export interface ItemColumn {
  name: keyof Database['feedback_items'] & string;
  type: 'text' | 'timestamptz' | 'date' | 'real' | 'jsonb' | 'boolean' | 'bigint';
  value: (row: ItemRow) => unknown;
  /** How an edit writes it: `key` never changes (it finds the row), `keep` keeps the old value over null. */
  onUpdate?: 'key' | 'keep';
}

export const ITEM_COLUMNS: readonly ItemColumn[] = [
  { name: 'source', type: 'text', value: (r) => r.source, onUpdate: 'key' },
  { name: 'external_id', type: 'text', value: (r) => r.externalId, onUpdate: 'key' },
  { name: 'content_hash', type: 'text', value: (r) => r.contentHash },
  { name: 'received_at', type: 'timestamptz', value: (r) => r.receivedAt },
  { name: 'received_day', type: 'date', value: (r) => r.day },
  { name: 'text', type: 'text', value: (r) => r.text },
  { name: 'rating', type: 'real', value: (r) => r.rating },
  { name: 'rating_scale', type: 'text', value: (r) => r.ratingScale },
  { name: 'channel', type: 'text', value: (r) => r.channel },
  { name: 'customer_id', type: 'text', value: (r) => r.customerId },
  { name: 'segment', type: 'jsonb', value: (r) => r.segmentJson },
  { name: 'language', type: 'text', value: (r) => r.language },
  { name: 'sentiment_label', type: 'text', value: (r) => r.label },
  { name: 'sentiment_score', type: 'real', value: (r) => r.score },
  { name: 'rating_used', type: 'boolean', value: (r) => r.ratingUsed },
  { name: 'stage', type: 'text', value: (r) => r.stage },
  { name: 'touchpoint', type: 'text', value: (r) => r.touchpoint },
  { name: 'taxonomy_version', type: 'text', value: (r) => r.taxonomyVersion },
  { name: 'tagger_version', type: 'text', value: (r) => r.taggerVersion },
  // A re-tag carries no run: the item keeps the run that ingested it.
  { name: 'ingest_run_id', type: 'bigint', value: (r) => r.runId, onUpdate: 'keep' },
  { name: 'format', type: 'text', value: (r) => r.format ?? r.source },
  { name: 'question', type: 'text', value: (r) => r.question ?? null },
];

export const columnList = (prefix?: string): RawBuilder<unknown> =>
  sql.join(ITEM_COLUMNS.map((c) => (prefix ? sql.ref(`${prefix}.${c.name}`) : sql.id(c.name))));

/**
 * The rows as one table `u` with the columns of ITEM_COLUMNS: one array parameter per column, and
 * with `ordinal` the row's position as `n`.
 */
export function unnestItems(rows: ItemRow[], ordinal = false): RawBuilder<unknown> {
  const arrays = ITEM_COLUMNS.map((c) => sql`${rows.map(c.value)}::${sql.raw(c.type)}[]`);
  return ordinal
    ? sql`unnest(${sql.join(arrays)}) with ordinality as u(${columnList()}, n)`
    : sql`unnest(${sql.join(arrays)}) as u(${columnList()})`;
}

/** `column = u.column` for every column an edit rewrites. */
export function updateList(): RawBuilder<unknown> {
  const set = ITEM_COLUMNS.filter((c) => c.onUpdate !== 'key').map((c) =>
    c.onUpdate === 'keep'
      ? sql`${sql.id(c.name)} = coalesce(${sql.ref(`u.${c.name}`)}, ${sql.ref(`f.${c.name}`)})`
      : sql`${sql.id(c.name)} = ${sql.ref(`u.${c.name}`)}`,
  );
  return sql.join(set);
}
