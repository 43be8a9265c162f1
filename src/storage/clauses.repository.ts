// Stored clauses for `painmap taxonomy suggest`, newest item first, a page at a time (keyset on the
// mentions' primary key): the clauses that fell to `unknown` or the fallback, or those that did get a
// cell. Read-only. Clauses of items in a language the tagger does not read are left out.
import { type RawBuilder, sql } from 'kysely';
import { type Db, withoutJit } from './db.js';

export type ClauseKind = 'mined' | 'tagged';

export interface ClauseCursor {
  itemId: number;
  ordinal: number;
}

export interface StoredClause {
  item_id: number;
  ordinal: number;
  /** The clause as stored (redacted), cut from the item text by the mention's offsets. */
  text: string;
  /** The stage or touchpoint the clause's own words named; null when `unknown` or given by the fallback. */
  stage: string | null;
  touchpoint: string | null;
  taxonomy_version: string;
}

/** Whether the mention's evidence has a rule matching `pattern` (of `kind`, when given). */
function hasEvidence(pattern: string, kind?: 'stage' | 'touchpoint'): RawBuilder<boolean> {
  return sql<boolean>`exists (
    select 1 from json_array_elements(m.evidence) e
    where e->>'rule' like ${pattern} ${kind ? sql`and e->>'kind' = ${kind}` : sql``})`;
}

function named(column: 'stage' | 'touchpoint'): RawBuilder<string | null> {
  const label = sql.ref(`m.${column}`);
  return sql`case when ${label} = 'unknown' or (p.fallback and ${hasEvidence('fallback', column)})
    then null else ${label} end`;
}

/**
 * The lowest id of an item received on or after the day (null: none). Pages pass it on as a bound, so the
 * backward scan stops there rather than at the oldest mention: ids grow with ingestion, which mostly
 * follows time. The subquery keeps the planner from walking the primary key from its low end.
 */
export async function firstItemIdSince(db: Db, day: string): Promise<number | null> {
  const result = await sql<{ id: number | null }>`
    select min(id) as id from (select id from feedback_items where received_day >= ${day}::date offset 0) s`.execute(
    db,
  );
  return result.rows[0]?.id ?? null;
}

/**
 * The next page of clauses of `kind` before `before` (newest first), at most `limit`. `since`: only
 * items received on or after this UTC day, whose lowest id is `firstItemId` (firstItemIdSince).
 */
export async function listClausesBefore(
  db: Db,
  options: {
    kind: ClauseKind;
    since?: { day: string; firstItemId: number };
    before: ClauseCursor | null;
    limit: number;
  },
): Promise<StoredClause[]> {
  const { before, since } = options;
  const wanted =
    options.kind === 'mined'
      ? sql`(stage is null or touchpoint is null)`
      : sql`(stage is not null and touchpoint is not null)`;
  const query = sql<Omit<StoredClause, 'text'> & { text: string; start_offset: number; end_offset: number }>`
    select * from (
      select m.item_id, m.ordinal::int as ordinal, m.start_offset, m.end_offset, i.text, i.taxonomy_version,
             ${named('stage')} as stage, ${named('touchpoint')} as touchpoint
      from feedback_mentions m
      join feedback_items i on i.id = m.item_id and i.received_day = m.received_day
      -- One substring test a row (offset 0 keeps it from being inlined twice): the evidence of the many
      -- mentions without the word is never parsed.
      cross join lateral (select strpos(m.evidence::text, 'fallback') > 0 as fallback offset 0) p
      -- An item in a language the tagger does not read has only unknown mentions.
      where not (m.stage = 'unknown' and ${hasEvidence('language.%')})
        ${before ? sql`and (m.item_id, m.ordinal) < (${before.itemId}, ${before.ordinal})` : sql``}
        ${since ? sql`and i.received_day >= ${since.day}::date and m.received_day >= ${since.day}::date and m.item_id >= ${since.firstItemId}` : sql``}
    ) c
    where ${wanted}
    order by item_id desc, ordinal desc
    limit ${options.limit}`;
  // The planner cannot tell how many mentions pass the filter and prices a page as a scan of the whole
  // table, which turns on JIT compilation: about 1.5 s a page for nothing. Off for this statement, in a
  // read-only transaction (suggest never writes).
  const rows = await withoutJit(db, async (trx) => {
    // After `set local`, which takes no snapshot: read-only mode may be set until the first query.
    await sql`set transaction read only`.execute(trx);
    return query.execute(trx);
  });
  // Offsets index JavaScript strings (UTF-16 units); SQL substr counts code points.
  return rows.rows.map(({ text, start_offset, end_offset, ...row }) => ({
    ...row,
    text: text.slice(start_offset, end_offset),
  }));
}
