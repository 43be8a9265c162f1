// The write path's change to every aggregate table in one statement: pain_point_daily, pain_point_weekly,
// their sums over segments, the weekly sums over sources and the journey's two spread tables. A batch's transaction runs it last
// (after its items and mentions), so the aggregate rows it locks stay locked for one statement and the
// commit, not for a round trip per table: with several batches in one worker process, each round trip
// can wait behind another batch's tagging, and every batch touching the same cells would wait with it.
import { type RawBuilder, sql, type Transaction } from 'kysely';
import { type CELL, type CellCounts, ROLLUPS, refs, SUMS } from './aggregate-columns.js';
import type { Database } from './tables.js';

type Trx = Transaction<Database>;

/** What a set of whole items' mentions adds to (or, removed, takes from) one spread row. */
export interface StageSpreadCounts {
  day: string;
  stage: string;
  source: string;
  /** jsonb text of the segment. */
  segment: string;
  items: number;
  mentions: number;
  score_sum: number;
  score_sq_sum: number;
  score_mentions_sum: number;
  mentions_sq_sum: number;
}

/** What whole items' mentions add to (or, removed, take from) every aggregate table. */
export interface AggregateDelta {
  cells: CellCounts[];
  /** The journey's per-stage spread sums, per item: so only whole items' mentions move them. */
  spread: StageSpreadCounts[];
}

const SPREAD_KEY = ['stage', 'source', 'segment'] as const;
/** The sums of a spread row, in one order for every statement that lists them. */
export const SPREAD_SUMS = [
  'items',
  'mentions',
  'score_sum',
  'score_sq_sum',
  'score_mentions_sum',
  'mentions_sq_sum',
] as const satisfies ReadonlyArray<keyof StageSpreadCounts>;
export const SPREAD_TYPES: Record<(typeof SPREAD_SUMS)[number], string> = {
  items: 'integer',
  mentions: 'integer',
  score_sum: 'double precision',
  score_sq_sum: 'double precision',
  score_mentions_sum: 'double precision',
  mentions_sq_sum: 'bigint',
};
const CELL_TYPES: Record<(typeof CELL)[number] | keyof Omit<CellCounts, (typeof CELL)[number]>, string> = {
  day: 'date',
  stage: 'text',
  touchpoint: 'text',
  source: 'text',
  segment: 'jsonb',
  mentions: 'integer',
  negative: 'integer',
  neutral: 'integer',
  positive: 'integer',
  sentiment_sum: 'double precision',
  negative_intensity_sum: 'double precision',
  items: 'integer',
};
const WEEK = sql`date_trunc('week', day)::date`;
const SPREAD_TABLES = [
  { table: 'stage_spread_daily', key: 'day', of: sql`day` },
  { table: 'stage_spread_weekly', key: 'week', of: WEEK },
] as const;

/** An emptied row's key as the statement returns it: the table, its bucket and its cell (as text). */
interface Emptied {
  t: string;
  bucket: string;
  stage: string;
  touchpoint: string | null;
  source: string | null;
  segment: string | null;
}

/** `name` as an unnest argument and alias list: one array parameter per column. */
function unnestOf<R>(
  rows: R[],
  sign: number[],
  columns: ReadonlyArray<[keyof R & string, string]>,
  alias: string,
) {
  const arrays = columns.map(([c, type]) => sql`${rows.map((r) => r[c])}::${sql.raw(type)}[]`);
  return sql`select * from unnest(${sign}::integer[], ${sql.join(arrays)})
    as ${sql.id(alias)}(sign, ${refs(columns.map(([c]) => c))})`;
}

/** One upsert CTE body: the delta grouped by bucket and cell, inserted in key order, added on conflict. */
function upsertOf(
  from: string,
  target: { table: string; key: string; of: RawBuilder<unknown> },
  cell: readonly string[],
  sums: readonly string[],
  left: string,
  types: Record<string, string>,
) {
  const delta = sql.join(
    sums.map((c) => sql`sum(sign * ${sql.ref(c)})::${sql.raw(types[c]!)} as ${sql.ref(c)}`),
  );
  const nonZero = sql.join(
    sums.map((c) => sql`sum(sign * ${sql.ref(c)}) <> 0`),
    sql` or `,
  );
  const update = sql.join(
    sums.map((c) => sql`${sql.ref(c)} = ${sql.ref(`p.${c}`)} + ${sql.ref(`excluded.${c}`)}`),
  );
  const key = sql.ref(target.key);
  const text = (c: string) => (cell.includes(c) ? sql`${sql.ref(`p.${c}`)}::text` : sql`null::text`);
  return sql`
    insert into ${sql.table(target.table)} as p (${key}, ${refs(cell)}, ${refs(sums)})
    select bucket, ${refs(cell)}, ${refs(sums)} from (
      select ${target.of} as bucket, ${refs(cell)}, ${delta} from ${sql.table(from)}
      group by 1, ${refs(cell)} having ${nonZero}) d
    order by bucket, ${refs(cell)}
    on conflict (${key}, ${refs(cell)}) do update set ${update}
    returning ${target.table}::text as t, p.${key}::text as bucket, p.stage, ${text('touchpoint')} as touchpoint,
      ${text('source')} as source, ${text('segment')} as segment, ${sql.ref(`p.${left}`)} as left_over`;
}

/**
 * Applies added minus removed counts to the five cell tables and the two spread tables in one
 * statement, each table's rows in key order and the tables always in the same order (concurrent
 * batches cannot deadlock), then deletes rows left with nothing (only removals empty a row). Both
 * sides come grouped by cell: a batch sends a few hundred cells, not one row per mention. The caller
 * holds the aggregate lock (shared): see aggregates.repository.ts.
 */
export async function upsertAggregateDelta(
  trx: Trx,
  added: AggregateDelta,
  removed: AggregateDelta,
): Promise<void> {
  const cells = [...added.cells, ...removed.cells];
  const spread = [...added.spread, ...removed.spread];
  const cellColumns = Object.entries(CELL_TYPES) as Array<[keyof CellCounts & string, string]>;
  const spreadColumns = [
    ['day', 'date'],
    ['stage', 'text'],
    ['source', 'text'],
    ['segment', 'jsonb'],
    ...SPREAD_SUMS.map((c) => [c, SPREAD_TYPES[c]] as const),
  ] as Array<[keyof StageSpreadCounts & string, string]>;
  const ctes = [
    ...ROLLUPS.map((r) => upsertOf('cell_delta', r, r.cell, SUMS, 'mentions', CELL_TYPES)),
    ...(spread.length > 0
      ? SPREAD_TABLES.map((s) => upsertOf('spread_delta', s, SPREAD_KEY, SPREAD_SUMS, 'items', SPREAD_TYPES))
      : []),
  ];
  const names = ctes.map((_, i) => `u${i}`);
  const result = await sql<Emptied>`
    with cell_delta as (${unnestOf(cells, [...added.cells.map(() => 1), ...removed.cells.map(() => -1)], cellColumns, 'c')}),
      spread_delta as (${unnestOf(spread, [...added.spread.map(() => 1), ...removed.spread.map(() => -1)], spreadColumns, 's')}),
      ${sql.join(ctes.map((cte, i) => sql`${sql.id(names[i]!)} as (${cte})`))}
    ${sql.join(
      names.map(
        (n) =>
          sql`select t, bucket, stage, touchpoint, source, segment from ${sql.id(n)} where left_over = 0`,
      ),
      sql` union all `,
    )}`.execute(trx);
  await deleteEmptied(trx, result.rows);
}

/** A second statement per table with emptied rows: the upsert's own statement cannot see the rows it wrote. */
async function deleteEmptied(trx: Trx, rows: Emptied[]): Promise<void> {
  const tables = [
    ...ROLLUPS.map((r) => ({ ...r, left: 'mentions' })),
    ...SPREAD_TABLES.map((s) => ({ ...s, cell: SPREAD_KEY, left: 'items' })),
  ];
  for (const { table, key, cell, left } of tables) {
    const e = rows.filter((r) => r.t === table);
    if (e.length === 0) continue;
    const arrays = cell.map(
      (k) => sql`${e.map((r) => r[k as keyof Emptied])}::${sql.raw(k === 'segment' ? 'jsonb' : 'text')}[]`,
    );
    await sql`
      delete from ${sql.table(table)} p
      using unnest(${e.map((r) => r.bucket)}::date[], ${sql.join(arrays)}) as k(bucket, ${refs(cell)})
      where p.${sql.ref(key)} = k.bucket and ${sql.ref(`p.${left}`)} = 0
        ${sql.join(
          cell.map((k) => sql`and ${sql.ref(`p.${k}`)} = ${sql.ref(`k.${k}`)}`),
          sql` `,
        )}`.execute(trx);
  }
}
