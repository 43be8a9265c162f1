// GET /v1/search: verbatim search over the stored (redacted) feedback text, with the heatmap's
// filters, one page at a time, each result's matching words as offsets to highlight.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { searchTable } from '../export/tables.js';
import { searchItems } from '../search/search-items.js';
import { format } from './csv-reply.js';
import { Filters, filterOf, fromNotAfterTo, getQuery } from './query-route.js';
import type { ApiRuntime } from './runtime.js';

const SearchQuery = Filters.extend({
  q: z
    .string()
    .trim()
    .min(1, 'give the words to search for in `q`')
    .max(200)
    .describe('words, "a phrase", `or`, and -word to leave out (websearch syntax; English stemming)'),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  format,
}).refine(...fromNotAfterTo('`from` must not be after `to`'));

export async function searchRoutes(app: FastifyInstance, rt: ApiRuntime): Promise<void> {
  getQuery(app, rt, '/v1/search', {
    querystring: SearchQuery,
    answer: (q, db) =>
      searchItems(db, {
        q: q.q,
        from: q.from,
        to: q.to,
        filter: filterOf(q),
        page: q.page,
        pageSize: q.pageSize,
      }),
    csv: { name: 'search', table: searchTable },
    summary: 'Verbatim search: the items whose text matches, best first, with the matches to highlight',
    description:
      'Postgres full-text search (websearch_to_tsquery, English) over the stored text, which is the redacted ' +
      'text: personal data was replaced before storage and cannot be found. Ranked by ts_rank_cd, newest ' +
      'first among equals; at most the newest 1,000 matches are ranked, and `totalCapped` says more match ' +
      '(`total` is then 1,000). `highlights` are UTF-16 offsets into `text` (a snippet of a long item; `cut` says ' +
      'which ends were left out).',
  });
}
