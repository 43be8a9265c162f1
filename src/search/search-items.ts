// Verbatim search over the stored (redacted) item text: Postgres full-text search (English
// stemming, websearch syntax: words, "a phrase", or, -not), ranked by ts_rank_cd, with the same
// filters as the heatmap (period, source, segment), one page at a time, each result's matches
// marked by ts_headline. The index of migration 0012 serves the match; the headline is computed for
// the page's rows only. The service behind GET /v1/search and `painmap search`.
import { sql } from 'kysely';
import type { CellFilter } from '../aggregate/cell-days.query.js';
import type { Db } from '../storage/db.js';
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
  /** Items matching, over all pages. */
  total: number;
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

const VECTOR = sql`to_tsvector('english'::regconfig, i.text)`;
// The whole text with every match between chr(1) and chr(2) (any of those in the text become spaces).
const HEADLINE_OPTIONS = sql`'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', HighlightAll=true'`;

/** Items of `i` that match the tsquery `q` and pass the filters. */
function matching(q: ReturnType<typeof sql>, options: SearchOptions) {
  const filter = options.filter ?? {};
  const segment = filter.segment && Object.keys(filter.segment).length > 0 ? filter.segment : null;
  return sql`${VECTOR} @@ ${q}
    ${options.from ? sql`and i.received_day >= ${options.from}::date` : sql``}
    ${options.to ? sql`and i.received_day <= ${options.to}::date` : sql``}
    ${filter.source ? sql`and i.source = ${filter.source}` : sql``}
    ${segment ? sql`and i.segment @> ${JSON.stringify(segment)}::jsonb` : sql``}`;
}

export async function searchItems(db: Db, options: SearchOptions): Promise<SearchReport> {
  const page = options.page ?? 1;
  const pageSize = options.pageSize ?? 20;
  const filter = options.filter ?? {};
  // Postgres text cannot hold a NUL character: refuse it here rather than fail in the query.
  if (options.q.includes('\u0000')) throw new SearchQueryError('the search words contain a NUL character');
  const parsed = await sql<{ tsquery: string; tree: string }>`
    select q::text as tsquery, querytree(q)::text as tree
    from websearch_to_tsquery('english'::regconfig, ${options.q}) q`.execute(db);
  const { tsquery = '', tree = '' } = parsed.rows[0] ?? {};
  // Only stop words ("the", "was"), only a negation (`-login`: every item without it), or nothing.
  if (tree === 'T' || tree === '')
    throw new SearchQueryError(
      `"${options.q.slice(0, 80)}" has no word to search for (common words such as "the" are ignored, and a search needs at least one word that is not negated)`,
    );
  const result = await sql<Row>`
    with query as (select websearch_to_tsquery('english'::regconfig, ${options.q}) as q),
    matched as (
      select i.id, ts_rank_cd(${VECTOR}, query.q)::float8 as rank, count(*) over ()::int as total
      from feedback_items i, query
      where ${matching(sql`query.q`, options)}
      order by rank desc, i.received_day desc, i.id desc
      limit ${pageSize} offset ${(page - 1) * pageSize}
    )
    select i.source, i.external_id, i.received_day::text as day, i.stage, i.touchpoint,
           i.sentiment_label as label, i.sentiment_score::float8 as score, i.rating::float8 as rating,
           m.rank, m.total,
           ts_headline('english'::regconfig, translate(i.text, chr(1) || chr(2), '  '), query.q, ${HEADLINE_OPTIONS}) as marked
    from matched m join feedback_items i on i.id = m.id, query
    order by m.rank desc, i.received_day desc, i.id desc`.execute(db);
  const total = result.rows[0]?.total ?? (page > 1 ? await countMatches(db, options) : 0);
  return {
    q: options.q,
    tsquery,
    from: options.from ?? null,
    to: options.to ?? null,
    filter,
    page,
    pageSize,
    total,
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

/** The number of matches, for a page past the last one (which has no row to carry it). */
async function countMatches(db: Db, options: SearchOptions): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*)::int as n from feedback_items i
    where ${matching(sql`websearch_to_tsquery('english'::regconfig, ${options.q})`, options)}`.execute(db);
  return result.rows[0]?.n ?? 0;
}
