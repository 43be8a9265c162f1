// Read-only query endpoints: the heatmap, ranked pain points, the quotes behind a cell, filter choices.
// The heatmap and the pain points answer `?format=csv` with the table the CLI's --csv writes.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatHeatmap, METRICS, metricValue } from '../aggregate/heatmap.format.js';
import { BUCKETS, queryHeatmap } from '../aggregate/heatmap.query.js';
import { listPainPoints } from '../aggregate/pain-points.js';
import { resolveStageWeights } from '../aggregate/stage-weights.js';
import { heatmapTable, painPointsTable } from '../export/tables.js';
import { queryCellQuotes } from './cell-quotes.query.js';
import { format, sendCsv } from './csv-reply.js';
import { queryFilterChoices } from './filters.query.js';
import type { ApiRuntime } from './runtime.js';

export const day = z.iso.date().describe('UTC day, YYYY-MM-DD (inclusive)');
const name = z.string().regex(/^[A-Za-z0-9_.:-]{1,60}$/);
export const Filters = z.looseObject({
  from: day.optional(),
  to: day.optional(),
  source: name.optional().describe('Only this source'),
  segment: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('key:value, repeatable (segment=plan:pro); or segment.plan=pro'),
});
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
  stage: name,
  touchpoint: name,
  limit: z.coerce.number().int().min(1).max(50).default(5),
});

export class BadSegmentError extends Error {
  readonly statusCode = 400;
}

/** `segment=plan:pro` (repeatable) and `segment.plan=pro` → { plan: 'pro' }. */
export function parseSegment(query: Record<string, unknown>): Record<string, string> {
  const segment: Record<string, string> = {};
  const listed = query.segment === undefined ? [] : [query.segment].flat();
  for (const entry of listed) {
    const at = String(entry).indexOf(':');
    if (at < 1) throw new BadSegmentError('segment must be key:value, e.g. segment=plan:pro');
    segment[String(entry).slice(0, at)] = String(entry).slice(at + 1);
  }
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith('segment.')) continue;
    const values = [value].flat();
    if (values.length !== 1 || typeof values[0] !== 'string')
      throw new BadSegmentError(`${key} takes one value`);
    segment[key.slice('segment.'.length)] = values[0];
  }
  for (const key of Object.keys(segment)) {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(key))
      throw new BadSegmentError(`bad segment key "${key.slice(0, 40)}"`);
  }
  return segment;
}

export function filterOf(query: z.infer<typeof Filters>) {
  const segment = parseSegment(query);
  return {
    ...(query.source ? { source: query.source } : {}),
    ...(Object.keys(segment).length > 0 ? { segment } : {}),
  };
}

const read = { access: 'read' as const };

export async function queryRoutes(app: FastifyInstance, rt: ApiRuntime): Promise<void> {
  heatmapRoute(app, rt);
  painPointsRoute(app, rt);
  quotesRoute(app, rt);
  filtersRoute(app, rt);
}

/** GET /v1/heatmap: stage × touchpoint cells per bucket, as JSON or the CLI's CSV table. */
function heatmapRoute(app: FastifyInstance, rt: ApiRuntime): void {
  app.get(
    '/v1/heatmap',
    {
      config: read,
      schema: {
        tags: ['queries'],
        summary: 'Stage × touchpoint cells per time bucket, with their denominators',
        querystring: HeatmapQuery,
      },
    },
    async (request, reply) => {
      const q = request.query as z.infer<typeof HeatmapQuery>;
      const filter = { bucket: q.bucket, from: q.from, to: q.to, ...filterOf(q) };
      const grid = formatHeatmap(await queryHeatmap(rt.readDb, filter), filter);
      if (q.format === 'csv') return sendCsv(reply, 'heatmap', heatmapTable(grid));
      const withValue = <C extends Parameters<typeof metricValue>[0]>(cell: C) => ({
        ...cell,
        value: metricValue(cell, q.metric),
      });
      return {
        bucket: q.bucket,
        metric: q.metric,
        from: q.from ?? grid.buckets[0]?.start ?? null,
        to: q.to ?? null,
        filter: filterOf(q),
        stages: grid.stages,
        touchpoints: grid.touchpoints,
        buckets: grid.buckets.map((b) => ({ start: b.start, cells: b.cells.map(withValue) })),
        total: grid.total.map(withValue),
      };
    },
  );
}

/** GET /v1/pain-points: ranked with the same stage weights as `painmap pain-points`. */
function painPointsRoute(app: FastifyInstance, rt: ApiRuntime): void {
  app.get(
    '/v1/pain-points',
    {
      config: read,
      schema: {
        tags: ['queries'],
        summary: 'Ranked pain points with intervals, trend and representative quotes',
        description:
          'Without from/to: the last whole week ending on `to` (or the last day with data), against the week before. ' +
          'impact = negative mentions × severity × stage weight (STAGE_WEIGHTS, as `painmap pain-points`). ' +
          'Quotes carry the evidence words that made the tagger fire.',
        querystring: PainPointsQuery,
      },
    },
    async (request, reply) => {
      const q = request.query as z.infer<typeof PainPointsQuery>;
      const report = await listPainPoints(rt.readDb, {
        ...(q.from && q.to ? { from: q.from, to: q.to } : q.to ? { asOf: q.to } : {}),
        filter: filterOf(q),
        weights: resolveStageWeights(rt.config.STAGE_WEIGHTS),
        top: q.top,
        quotes: 5,
      });
      if (q.format === 'csv') return sendCsv(reply, 'pain-points', painPointsTable(report));
      return report ?? { period: null, painPoints: [] };
    },
  );
}

/** GET /v1/quotes: the clauses behind one cell. */
function quotesRoute(app: FastifyInstance, rt: ApiRuntime): void {
  app.get(
    '/v1/quotes',
    {
      config: read,
      schema: {
        tags: ['queries'],
        summary: 'The clauses behind one cell, most negative first, with evidence offsets to highlight',
        querystring: QuotesQuery,
      },
    },
    async (request) => {
      const q = request.query as z.infer<typeof QuotesQuery>;
      const quotes = await queryCellQuotes(
        rt.readDb,
        { stage: q.stage, touchpoint: q.touchpoint },
        { from: q.from, to: q.to, ...filterOf(q) },
        q.limit,
      );
      return { stage: q.stage, touchpoint: q.touchpoint, quotes };
    },
  );
}

/** GET /v1/filters: the choices the dashboard's filter bar offers. */
function filtersRoute(app: FastifyInstance, rt: ApiRuntime): void {
  app.get(
    '/v1/filters',
    {
      config: read,
      schema: { tags: ['queries'], summary: 'Sources, segment values and the range of days with data' },
    },
    async () => queryFilterChoices(rt.readDb),
  );
}
