// The floor a write is measured against: text COPY of the same item and mention rows into copies of
// feedback_items and feedback_mentions (same columns and indexes, no foreign keys, no triggers), one
// COPY per table on one connection. `unlogged` copies also skip the WAL the real tables must write.
import pg from 'pg';
import { copyLines, copyText } from '../../src/storage/copy.js';
import type { ItemRow } from '../../src/storage/items.repository.js';

const ITEM_COLUMNS = [
  'id',
  'source',
  'format',
  'external_id',
  'content_hash',
  'received_at',
  'received_day',
  'text',
  'rating',
  'rating_scale',
  'channel',
  'customer_id',
  'segment',
  'language',
  'question',
  'sentiment_label',
  'sentiment_score',
  'rating_used',
  'stage',
  'touchpoint',
  'taxonomy_version',
  'tagger_version',
  'ingest_run_id',
] as const;
const MENTION_COLUMNS = [
  'item_id',
  'ordinal',
  'start_offset',
  'end_offset',
  'stage',
  'touchpoint',
  'sentiment_label',
  'sentiment_score',
  'evidence',
] as const;

function* itemLines(rows: readonly ItemRow[]): Generator<string> {
  for (const [i, r] of rows.entries()) {
    const cells = [
      i + 1,
      r.source,
      r.format ?? r.source,
      r.externalId,
      r.contentHash,
      r.receivedAt,
      r.day,
      r.text,
      r.rating,
      r.ratingScale,
      r.channel,
      r.customerId,
      r.segmentJson,
      r.language,
      r.question ?? null,
      r.label,
      r.score,
      r.ratingUsed ? 't' : 'f',
      r.stage,
      r.touchpoint,
      r.taxonomyVersion,
      r.taggerVersion,
      r.runId,
    ];
    yield `${cells.map(copyText).join('\t')}\n`;
  }
}

function* mentionLines(rows: readonly ItemRow[]): Generator<string> {
  for (const [i, r] of rows.entries()) {
    for (const m of r.mentions) {
      const cells = [
        i + 1,
        m.ordinal,
        m.start,
        m.end,
        m.stage,
        m.touchpoint,
        m.label,
        m.score,
        m.evidenceJson,
      ];
      yield `${cells.map(copyText).join('\t')}\n`;
    }
  }
}

/** Microseconds to COPY the rows (items, then their mentions) into fresh copies of the tables. */
export async function measureCopyFloor(
  url: string,
  rows: readonly ItemRow[],
  options: { unlogged: boolean },
): Promise<{ itemsUs: number; mentionsUs: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const kind = options.unlogged ? 'unlogged' : '';
  try {
    await client.query(
      `create ${kind} table floor_items (like feedback_items including defaults including indexes)`,
    );
    await client.query(
      `create ${kind} table floor_mentions (like feedback_mentions including defaults including indexes)`,
    );
    const t0 = performance.now();
    await copyLines(client, 'floor_items', ITEM_COLUMNS, itemLines(rows));
    const t1 = performance.now();
    await copyLines(client, 'floor_mentions', MENTION_COLUMNS, mentionLines(rows));
    const t2 = performance.now();
    return { itemsUs: (t1 - t0) * 1000, mentionsUs: (t2 - t1) * 1000 };
  } finally {
    await client.query('drop table if exists floor_items, floor_mentions');
    await client.end();
  }
}
