// Read-only query endpoints: the heatmap, ranked pain points, the quotes behind a cell, filter choices.
// The heatmap and the pain points answer `?format=csv` with the table the CLI's --csv writes.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatHeatmap, METRICS } from '../aggregate/heatmap.format.js';
import { BUCKETS, queryHeatmap } from '../aggregate/heatmap.query.js';
import { formatHeatmapJson } from '../aggregate/heatmap-json.format.js';
import { checkHeatmapRange, MAX_HEATMAP_BUCKETS } from '../aggregate/heatmap-span.js';
import { listPainPoints } from '../aggregate/pain-points.js';
import { resolveStageWeights } from '../aggregate/stage-weights.js';
import { heatmapTable, painPointsTable } from '../export/tables.js';
import { queryCellQuotes } from './cell-quotes.query.js';
import { format } from './csv-reply.js';
import { queryFilterChoices } from './filters.query.js';
import { Filters, filterOf, getQuery, JsonText, periodOf, shortName } from './query-route.js';
import type { ApiRuntime } from './runtime.js';

const HeatmapQuery = Filters.extend({
  bucket: z.enum(BUCKETS).default('week'),
  metric: z.enum(METRICS).default('pain'),
  format,
});
const PainPointsQuery = Filters.extend({
  top: z.coerce.number().int().min(1).max(100).default(10),
  format,
}).refine((q) => !q.from || q.to, { message: '`from` needs `to`', path: ['from'] });
const QuotesQuery = Filters.extend({
  stage: shortName,
  touchpoint: shortName,
  limit: z.coerce.number().int().min(1).max(50).default(5),
});

export async function queryRoutes(app: FastifyInstance, rt: ApiRuntime): Promise<void> {
  heatmapRoute(app, rt);
  painPointsRoute(app, rt);
  quotesRoute(app, rt);
  getQuery(app, rt, '/v1/filters', {
    answer: (_query, db) => queryFilterChoices(db),
    summary: 'Sources, segment values and the range of days with data',
  });
}

/**
 * GET /v1/heatmap: stage × touchpoint cells per bucket, as JSON or the CLI's CSV table. The JSON is
 * written from the rows as text (formatHeatmapJson), not built as objects and serialised.
 */
function heatmapRoute(app: FastifyInstance, rt: ApiRuntime): void {
  getQuery(app, rt, '/v1/heatmap', {
    querystring: HeatmapQuery,
    async answer(q, db) {
      const filter = { bucket: q.bucket, from: q.from, to: q.to, ...filterOf(q) };
      checkHeatmapRange(filter);
      return { rows: await queryHeatmap(db, filter), filter };
    },
    csv: { name: 'heatmap', table: ({ rows, filter }) => heatmapTable(formatHeatmap(rows, filter)) },
    json: ({ rows }, q) =>
      new JsonText(
        formatHeatmapJson(rows, {
          bucket: q.bucket,
          metric: q.metric,
          from: q.from,
          to: q.to,
          filter: filterOf(q),
        }),
      ),
    summary: 'Stage × touchpoint cells per time bucket, with their denominators',
    description:
      `Every bucket from \`from\` (else the first with data) to \`to\` (else the last), quiet ones as zeros: ` +
      `400 when \`from\` is after \`to\` or the span holds more than ${MAX_HEATMAP_BUCKETS.toLocaleString('en-US')} buckets.`,
  });
}

/** GET /v1/pain-points: ranked with the same stage weights as `painmap pain-points`. */
function painPointsRoute(app: FastifyInstance, rt: ApiRuntime): void {
  getQuery(app, rt, '/v1/pain-points', {
    querystring: PainPointsQuery,
    answer: (q, db) =>
      listPainPoints(db, {
        ...periodOf(q),
        filter: filterOf(q),
        weights: resolveStageWeights(rt.config.STAGE_WEIGHTS),
        top: q.top,
        quotes: 5,
      }),
    csv: { name: 'pain-points', table: painPointsTable },
    json: (report) => report ?? { period: null, painPoints: [] },
    summary: 'Ranked pain points with intervals, trend and representative quotes',
    description:
      'Without from/to: the last whole week ending on `to` (or the last day with data), against the week before. ' +
      'impact = negative mentions × severity × stage weight (STAGE_WEIGHTS, as `painmap pain-points`). ' +
      'Quotes carry the evidence words that made the tagger fire.',
  });
}

/** GET /v1/quotes: the clauses behind one cell. */
function quotesRoute(app: FastifyInstance, rt: ApiRuntime): void {
  getQuery(app, rt, '/v1/quotes', {
    querystring: QuotesQuery,
    async answer(q, db) {
      const cell = { stage: q.stage, touchpoint: q.touchpoint };
      const quotes = await queryCellQuotes(db, cell, { from: q.from, to: q.to, ...filterOf(q) }, q.limit);
      return { ...cell, quotes };
    },
    summary: 'The clauses behind one cell, most negative first, with evidence offsets to highlight',
  });
}
