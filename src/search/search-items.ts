// Verbatim search over the stored (redacted) item text: Postgres full-text search (English
// stemming, websearch syntax: words, "a phrase", or, -not), ranked by ts_rank_cd (the newest
// RANK_LIMIT matches: see there), with the same filters as the heatmap (period, source, segment),
// one page at a time, each result's matches marked by ts_headline. The stored, indexed vector of
// migration 0016 serves the match and the rank; the headline is computed for the page's rows only.
// The service behind GET /v1/search and `painmap search`.
import { sql } from 'kysely';
import type { CellFilter } from '../aggregate/cell-days.query.js';
import { filterOn } from '../aggregate/rollup-tables.js';
import { type ReadDb, type ReadQueries, withoutJit } from '../storage/db.js';
import { parseHeadline, type Snippet, snippetOf } from './headline.js';

export interface SearchOptions {
  /** websearch_to_tsquery syntax: `late delivery`, `"never arrived"`, `refund or return`, `-login`. */
  q: string;
  from?: string;
  to?: string;
  filter?: CellFilter;
  /** 1-based. */
  page?: number;
  pageSize?: number;
  /** Rank at most this many matches, the newest (RANK_LIMIT unless a test sets it). */
  rankLimit?: number;
}

export interface SearchResult extends Snippet {
  source: string;
  externalId: string;
  day: string;
  stage: string;
  touchpoint: string;
  sentiment: { label: string; score: number };
  rating: number | null;
  rank: number;
}

export interface SearchReport {
  q: string;
  /** How Postgres read the query (stemmed lexemes and operators). */
  tsquery: string;
  from: string | null;
  to: string | null;
  filter: CellFilter;
  page: number;
  pageSize: number;
  /** Items matching, over all pages; at most RANK_LIMIT (see `totalCapped`). */
  total: number;
  /**
   * More than `total` items match: the results are the best of the newest `total` matches, and a
   * narrower search (more words, a period, a source or segment) ranks them all.
   */
  totalCapped: boolean;
  results: SearchResult[];
}

export class SearchQueryError extends Error {
  readonly statusCode = 400;
}

interface Row {
  source: string;
  external_id: string;
  day: string;
  stage: string;
  touchpoint: string;
  label: string;
  score: number;
  rating: number | null;
  rank: number;
  total: number;
  marked: string;
}

/** The stored to_tsvector('english'::regconfig, text) of migration 0016, indexed. */
const VECTOR = sql`i.text_search`;
// The whole text with every match between chr(1) and chr(2) (any of those in the text become spaces).
const HEADLINE_OPTIONS = sql`'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', HighlightAll=true'`;

/** Items of `i` that match the tsquery `q` and pass the filters. */
function matching(q: ReturnType<typeof sql>, options: SearchOptions) {
  return sql`${VECTOR} @@ ${q}
    ${options.from ? sql`and i.received_day >= ${options.from}::date` : sql``}
    ${options.to ? sql`and i.received_day <= ${options.to}::date` : sql``}
    ${filterOn(options.filter ?? {}, 'i')}`;
}

/**
 * Matches beyond this many are not ranked: the results are the best of the newest RANK_LIMIT matches,
 * and `total` stops there (`totalCapped`). Ranking every match read and parsed every matching item's
 * text (seconds for a common word over millions of items); the newest matches come straight off the
 * day index, and a search with at most RANK_LIMIT matches ranks them all, as before.
 */
export const RANK_LIMIT = 1000;

export async function searchItems(db: ReadDb, options: SearchOptions): Promise<SearchReport> {
  const page = options.page ?? 1;
  const pageSize = options.pageSize ?? 20;
  const filter = options.filter ?? {};
  const rankLimit = options.rankLimit ?? RANK_LIMIT;
  const { tsquery, tableRows } = await parseQuery(db, options.q);
  // The tsquery is written out (not read from a CTE) so that the planner estimates how many items
  // match: few → read them all from the text index; many → walk the day index newest first.
  const q = sql`websearch_to_tsquery('english'::regconfig, ${options.q})`;
  // Few matches: take them all from the text index (an unordered subquery), then order them.
  const items = (await fewMatch(db, options, rankLimit, tableRows))
    ? sql`(select i.id, i.received_day from feedback_items i where ${matching(q, options)} offset 0) i`
    : sql`feedback_items i where ${matching(q, options)}`;
  // Off for this statement: at 10M items its plan is priced just above jit_above_cost (the 12 older
  // months' day-index scans, which never run), and compiling took about 190 ms of a 40 ms query.
  const result = await withoutJit(db, (trx) =>
    sql<Row>`
    with candidates as materialized (
      select i.id, i.received_day from ${items}
      order by i.received_day desc, i.id desc
      limit ${rankLimit + 1}
    ),
    matched as (
      select i.id, i.received_day, ts_rank_cd(${VECTOR}, ${q})::float8 as rank
      from (select id, received_day from candidates order by received_day desc, id desc limit ${rankLimit}) c
      join feedback_items i on i.id = c.id and i.received_day = c.received_day
      order by rank desc, i.received_day desc, i.id desc
      limit ${pageSize} offset ${(page - 1) * pageSize}
    )
    select i.source, i.external_id, i.received_day::text as day, i.stage, i.touchpoint,
           i.sentiment_label as label, i.sentiment_score::float8 as score, i.rating::float8 as rating,
           m.rank, (select count(*) from candidates)::int as total,
           ts_headline('english'::regconfig, translate(i.text, chr(1) || chr(2), '  '), ${q}, ${HEADLINE_OPTIONS}) as marked
    from matched m join feedback_items i on i.id = m.id and i.received_day = m.received_day
    order by m.rank desc, i.received_day desc, i.id desc`.execute(trx),
  );
  const matches = result.rows[0]?.total ?? (page > 1 ? await countMatches(db, options, rankLimit + 1) : 0);
  return {
    q: options.q,
    tsquery,
    from: options.from ?? null,
    to: options.to ?? null,
    filter,
    page,
    pageSize,
    total: Math.min(matches, rankLimit),
    totalCapped: matches > rankLimit,
    results: result.rows.map((r) => ({
      source: r.source,
      externalId: r.external_id,
      day: r.day,
      stage: r.stage,
      touchpoint: r.touchpoint,
      sentiment: { label: r.label, score: r.score },
      rating: r.rating,
      rank: Math.round(r.rank * 10_000) / 10_000,
      ...snippetOf(parseHeadline(r.marked)),
    })),
  };
}

/**
 * The tsquery Postgres reads from the words, and the planner's count of items (for fewMatch); refuses
 * words with nothing to search for.
 */
async function parseQuery(db: ReadQueries, words: string): Promise<{ tsquery: string; tableRows: number }> {
  // Postgres text cannot hold a NUL character: refuse it here rather than fail in the query.
  if (words.includes('\u0000')) throw new SearchQueryError('the search words contain a NUL character');
  const parsed = await sql<{ tsquery: string; tree: string; rows: number }>`
    select q::text as tsquery, querytree(q)::text as tree,
           (select reltuples::float8 from pg_class where oid = 'feedback_items'::regclass) as rows
    from websearch_to_tsquery('english'::regconfig, ${words}) q`.execute(db);
  const { tsquery = '', tree = '', rows = 0 } = parsed.rows[0] ?? {};
  // Only stop words ("the", "was"), only a negation (`-login`: every item without it), or nothing.
  if (tree === 'T' || tree === '')
    throw new SearchQueryError(
      `"${words.slice(0, 80)}" has no word to search for (common words such as "the" are ignored, and a search needs at least one word that is not negated)`,
    );
  return { tsquery, tableRows: rows };
}

/**
 * Whether at most `limit` items match, when the planner has no statistics for the words. It guesses
 * 0.5% of the items for a word outside its most common ones (any rare word, or one that matches
 * nothing) and walks the day index newest first to find the newest matches, reading every item when
 * none matches (4.3 s at 1M items under load). Only then is the text index asked alone (a bitmap scan,
 * counting to limit + 1: well under a millisecond when nothing matches); a common word's estimate
 * comes from the statistics, and it keeps the day-index walk, which finds its newest matches at once.
 */
export async function fewMatch(
  db: ReadDb,
  options: SearchOptions,
  limit: number,
  tableRows: number,
): Promise<boolean> {
  const q = sql`websearch_to_tsquery('english'::regconfig, ${options.q})`;
  const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`
    explain (format json) select 1 from feedback_items i where ${matching(q, options)}`.execute(db);
  const estimate = plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
  if (estimate > GUESSED_SHARE * Math.max(1, tableRows)) return false;
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_indexscan = off`.execute(trx);
    return (await countMatches(trx, options, limit + 1)) <= limit;
  });
}

/** Postgres' selectivity for a text match it has no statistics for (DEFAULT_TS_MATCH_SEL). */
const GUESSED_SHARE = 0.005;

/** The number of matches up to `limit`, for a page past the last one (which has no row to carry it). */
async function countMatches(db: ReadQueries, options: SearchOptions, limit: number): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*)::int as n from (
      select 1 from feedback_items i
      where ${matching(sql`websearch_to_tsquery('english'::regconfig, ${options.q})`, options)}
      limit ${limit}) m`.execute(db);
  return result.rows[0]?.n ?? 0;
}
