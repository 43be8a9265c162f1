// Writing a batch's mentions, in the batch's transaction: one insert from arrays (unnest), or, on
// request, COPY into a temporary staging table on the transaction's own connection and one set-based
// insert from it (not where there is no pg client to COPY on: embedded PGlite). Both write the same rows.
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { clientOfTransaction, copyLines, copyText } from './copy.js';
import type { ItemRow } from './items.repository.js';
import type { Database } from './tables.js';

type Trx = Transaction<Database>;
/** An item's id beside the row that carries its mentions. */
export type MentionOwner = [number, ItemRow];

export interface MentionWriteOptions {
  /**
   * Write by COPY where a pg client is available. Off by default: `npm run bench:write` measured it no
   * cheaper in Postgres CPU than the arrays insert (70 against 67 µs an item for the mentions) and
   * slower in wall time (four round trips a batch instead of one); kept so the bench can compare them.
   */
  copy?: boolean;
}

const STAGE = 'painmap_mention_stage';
/** feedback_mentions' columns as the write (and the bench's COPY floor) lists them. */
export const MENTION_COLUMNS = [
  'item_id',
  'ordinal',
  'start_offset',
  'end_offset',
  'stage',
  'touchpoint',
  'sentiment_label',
  'sentiment_score',
  'evidence',
  'received_day',
] as const;
const columnList = (): RawBuilder<unknown> => sql.join(MENTION_COLUMNS.map((c) => sql.id(c)));

/**
 * Inserts the owners' mentions. No `on conflict`: an owner is either new or has just had its
 * mentions deleted, so a conflict is a bug that must roll the batch back, not be skipped (the
 * aggregate delta already counts every mention).
 */
export async function insertMentions(
  trx: Trx,
  owners: MentionOwner[],
  options: MentionWriteOptions = {},
): Promise<void> {
  if (!owners.some(([, row]) => row.mentions.length > 0)) return;
  const client = options.copy ? await clientOfTransaction(trx) : null;
  if (client) await copyMentions(trx, client, owners);
  else await insertMentionsFromArrays(trx, owners);
}

async function copyMentions(trx: Trx, client: pg.PoolClient, owners: MentionOwner[]): Promise<void> {
  // Session-local and emptied at commit; a rollback of the transaction that created it drops it,
  // hence `if not exists` every time.
  await sql`create temp table if not exists ${sql.id(STAGE)} (like feedback_mentions) on commit delete rows`.execute(
    trx,
  );
  await copyLines(client, STAGE, MENTION_COLUMNS, mentionLines(owners));
  // The delete empties the stage now: a transaction may write several batches (tag-batch's one by one).
  await sql`
    with staged as (delete from ${sql.table(STAGE)} returning *)
    insert into feedback_mentions (${columnList()}) select ${columnList()} from staged`.execute(trx);
}

/** The owners' mentions as COPY text lines, in MENTION_COLUMNS' order. */
export function* mentionLines(owners: readonly MentionOwner[]): Generator<string> {
  for (const [id, row] of owners) {
    for (const m of row.mentions) {
      yield `${id}\t${m.ordinal}\t${m.start}\t${m.end}\t${copyText(m.stage)}\t${copyText(m.touchpoint)}\t${copyText(
        m.label,
      )}\t${m.score}\t${copyText(m.evidenceJson)}\t${row.day}\n`;
    }
  }
}

/** One insert from one array per column (evidence travels as one JSON document for the whole batch). */
async function insertMentionsFromArrays(trx: Trx, owners: MentionOwner[]): Promise<void> {
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
    day: [] as string[],
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
      cols.day.push(row.day);
    }
  }
  await sql`
    insert into feedback_mentions (${columnList()})
    select u.item_id, u.ordinal, u.start_offset, u.end_offset, u.stage, u.touchpoint, u.label, u.score, e.evidence,
      u.day
    from unnest(${cols.itemId}::bigint[], ${cols.ordinal}::smallint[], ${cols.start}::int[],
      ${cols.end}::int[], ${cols.stage}::text[], ${cols.touchpoint}::text[], ${cols.label}::text[],
      ${cols.score}::real[], ${cols.day}::date[]) with ordinality
      as u(item_id, ordinal, start_offset, end_offset, stage, touchpoint, label, score, day, n)
    join json_array_elements(${`[${cols.evidence.join(',')}]`}::json) with ordinality as e(evidence, n)
      using (n)`.execute(trx);
}
