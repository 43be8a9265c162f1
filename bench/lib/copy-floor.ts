// The floor a write is measured against: text COPY of the same item and mention rows into copies of
// feedback_items and feedback_mentions (same columns and indexes, no foreign keys, no triggers), one
// COPY per table on one connection. `unlogged` copies also skip the WAL the real tables must write.
import pg from 'pg';
import { copyLines, copyText } from '../../src/storage/copy.js';
import { ITEM_COLUMNS, type ItemRow } from '../../src/storage/items.repository.js';
import { MENTION_COLUMNS, mentionLines } from '../../src/storage/mentions.repository.js';
import { processCpuUs } from './statement-timer.js';

/** The write's own column list and accessors (ITEM_COLUMNS), behind an `id` the floor tables need. */
const FLOOR_ITEM_COLUMNS = ['id', ...ITEM_COLUMNS.map((c) => c.name)];

function* itemLines(rows: readonly ItemRow[]): Generator<string> {
  for (const [i, r] of rows.entries()) {
    const cells = [i + 1, ...ITEM_COLUMNS.map((c) => c.value(r))].map((v) =>
      typeof v === 'boolean' ? (v ? 't' : 'f') : (v as string | number | null),
    );
    yield `${cells.map(copyText).join('\t')}\n`;
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
    await copyLines(client, 'floor_items', FLOOR_ITEM_COLUMNS, itemLines(rows));
    const t1 = performance.now();
    await copyLines(
      client,
      'floor_mentions',
      MENTION_COLUMNS,
      mentionLines(rows.map((r, i) => [i + 1, r] as const)),
    );
    const t2 = performance.now();
    const cpu1 = processCpuUs(pid);
    const backendCpuUs = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
    return { itemsUs: (t1 - t0) * 1000, mentionsUs: (t2 - t1) * 1000, backendCpuUs };
  } finally {
    await client.query('drop table if exists floor_items, floor_mentions');
    await client.end();
  }
}
