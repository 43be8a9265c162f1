// GET /v1/journey: the journey map of a period for one filter (the dashboard asks twice to compare
// two segments). The query and the answer are described in zod, so /docs shows both.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildJourney, DEFAULT_WEEKS } from '../aggregate/journey.js';
import { daysBetween } from '../aggregate/periods.js';
import { day, Filters, filterOf, fromNotAfterTo, getQuery } from './query-route.js';
import type { ApiRuntime } from './runtime.js';

const MAX_DAYS = 731;

export const JourneyQuery = Filters.extend({
  from: day.optional().describe('First day of the period (UTC, inclusive); needs `to`'),
  to: day.optional().describe('Last day of the period (UTC, inclusive)'),
  weeks: z.coerce
    .number()
    .int()
    .min(1)
    .max(104)
    .default(DEFAULT_WEEKS)
    .describe(
      'Without `from`: this many whole weeks, ending with the last whole week on or before `to` or the last day with data',
    ),
  top: z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .default(3)
    .describe('Pain points, delights and changes per stage'),
})
  .refine((q) => !q.from || q.to, { message: '`from` needs `to`', path: ['from'] })
  .refine(...fromNotAfterTo('`from` must not be after `to`', 'to'))
  .refine((q) => !q.from || !q.to || daysBetween(q.from, q.to) <= MAX_DAYS, {
    message: `the period spans at most ${MAX_DAYS} days`,
    path: ['from'],
  });

const interval = z.object({ estimate: z.number(), low: z.number(), high: z.number() });
const difference = interval.extend({ p: z.number().describe('two-sided p-value of no change') });
const counts = z.object({ mentions: z.number(), negative: z.number(), positive: z.number() });
const quote = z.object({
  source: z.string(),
  externalId: z.string(),
  day: z.string(),
  text: z.string(),
  score: z.number(),
  evidence: z.array(z.string()).describe('the words that made the tagger fire'),
});
const cell = counts.extend({
  touchpoint: z.string(),
  negativeShare: z.number().nullable(),
  positiveShare: z.number().nullable(),
  pain: z.number().describe('summed intensity (|score|) of the negative mentions'),
  previous: counts.extend({ negativeShare: z.number().nullable() }),
  quote: quote.nullable(),
});
const figures = counts.extend({
  neutral: z.number(),
  pain: z.number(),
  sentiment: interval.nullable().describe('mean clause sentiment (−1 … 1), Student t 95% interval'),
  negativeShare: interval.nullable().describe('share negative, Wilson 95% interval'),
});
const direction = z.enum(['worse', 'better', 'steady']);
const period = z.object({ from: z.string(), to: z.string() });

export const JourneyResponse = z.object({
  period: period.extend({ days: z.number() }).nullable(),
  previous: period.nullable(),
  filter: z.object({ source: z.string().optional(), segment: z.record(z.string(), z.string()).optional() }),
  unplaced: z.number().describe('mentions of the period that name no stage (not on the map)'),
  stages: z.array(
    z.object({
      stage: z.string(),
      current: figures,
      previous: figures,
      change: z.object({
        sentiment: difference
          .extend({ q: z.number() })
          .nullable()
          .describe('Welch 95% interval; q across stages'),
        negativeShare: difference.nullable().describe('Newcombe 95% interval'),
        direction: direction.nullable().describe('of the mean sentiment, at a false discovery rate of 5%'),
      }),
      touchpoints: z.array(z.object({ touchpoint: z.string(), mentions: z.number(), negative: z.number() })),
      painPoints: z.array(cell),
      delights: z.array(cell),
      changes: z.array(
        cell.extend({
          change: difference
            .extend({ q: z.number() })
            .describe('share negative, Newcombe 95%; q across cells'),
          direction: direction.exclude(['steady']),
          excessNegative: z.number().describe('negative mentions beyond what the previous share gives'),
        }),
      ),
    }),
  ),
});

export async function journeyRoutes(app: FastifyInstance, rt: ApiRuntime): Promise<void> {
  getQuery(app, rt, '/v1/journey', {
    querystring: JourneyQuery,
    answer: (q, db) =>
      buildJourney(db, {
        ...(q.from && q.to ? { from: q.from, to: q.to } : q.to ? { to: q.to } : {}),
        weeks: q.weeks,
        top: q.top,
        filter: filterOf(q),
      }),
    summary: 'The journey map: per stage the emotion curve, the change, pain points and delights',
    description:
      'Stages in codebook order. Counts come from the aggregate tables; the spread of sentiment (for its interval) from the raw mentions. The previous period is the one of the same length just before.',
    response: { 200: JourneyResponse },
  });
}
