// GET /v1/alerts (emerging pain points: the test, effect size and q-value of every cell that rose
// against its baseline) and GET /v1/interventions (each recorded fix before/after, with the untouched
// cells as control), for all feedback or one source or segment. The same services as
// `painmap alerts` and `painmap intervention list`; an alert asked for here is computed, never stored.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { detectEmergingPainPoints } from '../aggregate/emerging-pain-points.js';
import { BUCKETS } from '../aggregate/heatmap.query.js';
import { measureInterventions } from '../aggregate/intervention-effects.js';
import { alertsTable, interventionsTable } from '../export/tables.js';
import { format } from './csv-reply.js';
import { Filters, filterOf, getQuery } from './query-route.js';
import type { ApiRuntime } from './runtime.js';

const AlertsQuery = Filters.extend({
  bucket: z.enum(BUCKETS).default('week').describe('the length of the period tested'),
  baseline: z.coerce.number().int().min(1).max(52).default(8).describe('trailing periods in the baseline'),
  minCount: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(5)
    .describe('negative mentions a cell needs to be tested'),
  fdr: z.coerce.number().gt(0).max(0.5).default(0.05).describe('false discovery rate (Benjamini–Hochberg)'),
  format,
}).refine((q) => q.from === undefined, {
  message:
    'alerts test the last whole bucket ending on `to` (default: the last day with data): leave out `from`',
  path: ['from'],
});

const InterventionsQuery = Filters.extend({
  from: Filters.shape.from.describe('only interventions effective on or after this day'),
  to: Filters.shape.to.describe('only interventions effective on or before this day'),
  format,
});

export async function analyticsRoutes(app: FastifyInstance, rt: ApiRuntime): Promise<void> {
  getQuery(app, rt, '/v1/alerts', {
    querystring: AlertsQuery,
    answer: (q, db) =>
      detectEmergingPainPoints(db, {
        ...(q.to ? { asOf: q.to } : {}),
        bucket: q.bucket,
        baselinePeriods: q.baseline,
        minCount: q.minCount,
        fdr: q.fdr,
        filter: filterOf(q),
      }),
    csv: { name: 'alerts', table: alertsTable },
    summary: 'Emerging pain points: cells whose negative mentions rose against their trailing baseline',
    description:
      'The last whole `bucket` ending on `to` (or the last day with data) of every cell with at least `minCount` ' +
      'negative mentions, against up to `baseline` buckets before it: a negative-share test (or a volume test), ' +
      'the rate ratio as effect size, p and the Benjamini–Hochberg q-value. Only the alerts (q ≤ fdr) are listed.',
  });

  getQuery(app, rt, '/v1/interventions', {
    querystring: InterventionsQuery,
    answer: async (q, db) =>
      (await measureInterventions(db, {}, filterOf(q))).filter(
        (e) =>
          (!q.from || e.intervention.effectiveDay >= q.from) &&
          (!q.to || e.intervention.effectiveDay <= q.to),
      ),
    csv: { name: 'interventions', table: interventionsTable },
    json: (interventions, q) => ({
      filter: filterOf(q),
      from: q.from ?? null,
      to: q.to ?? null,
      interventions,
    }),
    summary: 'Recorded interventions: the negative rate before and after, against the untouched cells',
    description:
      'Per intervention (`painmap intervention add`): the targeted cells and the cells no intervention touches ' +
      '(the control for drift), before and after the effective day, with bootstrap 95% intervals, and their ' +
      'difference in differences with a verdict.',
  });
}
