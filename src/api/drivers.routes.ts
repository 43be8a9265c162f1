// GET /v1/drivers: what drives the score — each cell's remove-theme impact on every rated source's
// score (NPS, or the mean rating), with bootstrap intervals, reach and volume.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listDrivers } from '../aggregate/drivers.js';
import { driversTable } from '../export/tables.js';
import { format } from './csv-reply.js';
import { Filters, filterOf, fromNotAfterTo, getQuery, periodOf } from './query-route.js';
import type { ApiRuntime } from './runtime.js';

const DriversQuery = Filters.extend({
  bucket: z
    .enum(['week', 'month'])
    .default('month')
    .describe('without from and to: the last whole bucket ending on `to` (or the last day with data)'),
  top: z.coerce.number().int().min(1).max(200).default(10).describe('drivers per score'),
  format,
}).refine(...fromNotAfterTo('from must be on or before to'));

export async function driverRoutes(app: FastifyInstance, rt: ApiRuntime): Promise<void> {
  getQuery(app, rt, '/v1/drivers', {
    querystring: DriversQuery,
    answer: (q, db) => listDrivers(db, { ...periodOf(q), bucket: q.bucket, filter: filterOf(q), top: q.top }),
    csv: { name: 'drivers', table: driversTable },
    json: (report, q) => report ?? { period: null, filter: filterOf(q), method: 'remove-theme', scores: [] },
    summary: "What drives the score: each cell's impact on NPS or the mean rating, per rated source",
    description:
      'Remove-theme method: impact = the score without the respondents who made a negative mention in the ' +
      'cell − the score, with Poisson bootstrap 95% intervals. One score per source and rating scale (never ' +
      'mixed): NPS on the nps scale, the mean rating on the others. An association, not a cause.',
  });
}
