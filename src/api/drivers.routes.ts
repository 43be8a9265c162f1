// GET /v1/drivers: what drives the score — each cell's remove-theme impact on every rated source's
// score (NPS, or the mean rating), with bootstrap intervals, reach and volume.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listDrivers } from '../aggregate/drivers.js';
import { driversTable } from '../export/tables.js';
import { format, sendCsv } from './csv-reply.js';
import { Filters, filterOf } from './query.routes.js';
import type { ApiRuntime } from './runtime.js';

const DriversQuery = Filters.extend({
  bucket: z
    .enum(['week', 'month'])
    .default('month')
    .describe('without from and to: the last whole bucket ending on `to` (or the last day with data)'),
  top: z.coerce.number().int().min(1).max(200).default(10).describe('drivers per score'),
  format,
}).refine((q) => !(q.from && q.to && q.from > q.to), {
  message: 'from must be on or before to',
  path: ['from'],
});

export async function driverRoutes(app: FastifyInstance, rt: ApiRuntime): Promise<void> {
  app.get(
    '/v1/drivers',
    {
      config: { access: 'read' },
      schema: {
        tags: ['queries'],
        summary: "What drives the score: each cell's impact on NPS or the mean rating, per rated source",
        description:
          'Remove-theme method: impact = the score without the respondents who made a negative mention in the ' +
          'cell − the score, with Poisson bootstrap 95% intervals. One score per source and rating scale (never ' +
          'mixed): NPS on the nps scale, the mean rating on the others. An association, not a cause.',
        querystring: DriversQuery,
      },
    },
    async (request, reply) => {
      const q = request.query as z.infer<typeof DriversQuery>;
      const report = await listDrivers(rt.readDb, {
        ...(q.from && q.to ? { from: q.from, to: q.to } : q.to ? { asOf: q.to } : {}),
        bucket: q.bucket,
        filter: filterOf(q),
        top: q.top,
      });
      if (q.format === 'csv') return sendCsv(reply, 'drivers', driversTable(report));
      return report ?? { period: null, filter: filterOf(q), method: 'remove-theme', scores: [] };
    },
  );
}
