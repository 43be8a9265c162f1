// The floor a write is measured against: text COPY of the same item and mention rows into copies of
// feedback_items and feedback_mentions (same columns and indexes, no foreign keys, no triggers), one
// COPY per table on one connection. `unlogged` copies also skip the WAL the real tables must write.
import pg from 'pg';
import { copyLines, copyText } from '../../src/storage/copy.js';
import type { ItemRow } from '../../src/storage/items.repository.js';
import { MENTION_COLUMNS } from '../../src/storage/mentions.repository.js';
import { processCpuUs } from './statement-timer.js';

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

export interface FloorTimes {
  itemsUs: number;
  mentionsUs: number;
  /** The Postgres backend's CPU for both COPYs (null when Postgres is not on this machine). */
  backendCpuUs: number | null;
}

/** Microseconds to COPY the rows (items, then their mentions) into fresh copies of the tables. */
export async function measureCopyFloor(
  url: string,
  rows: readonly ItemRow[],
  options: { unlogged: boolean },
): Promise<FloorTimes> {
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
    const pid = (client as unknown as { processID: number | null }).processID;
    const cpu0 = processCpuUs(pid);
    const t0 = performance.now();
    await copyLines(client, 'floor_items', ITEM_COLUMNS, itemLines(rows));
    const t1 = performance.now();
    await copyLines(client, 'floor_mentions', MENTION_COLUMNS, mentionLines(rows));
    const t2 = performance.now();
    const cpu1 = processCpuUs(pid);
    const backendCpuUs = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
    return { itemsUs: (t1 - t0) * 1000, mentionsUs: (t2 - t1) * 1000, backendCpuUs };
  } finally {
    await client.query('drop table if exists floor_items, floor_mentions');
    await client.end();
  }
}
