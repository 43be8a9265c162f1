// What every read-only query endpoint shares: the filter parameters (source, segment, from/to) and
// their parsing, the period they name, and `getQuery`, which registers a GET under the `queries` tag
// for read tokens, parses its query with a zod schema, answers from the read handle and, where the
// route has a table, answers `?format=csv` with it.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CsvTable } from '../export/csv.js';
import type { ReadDb } from '../storage/db.js';
import { sendCsv } from './csv-reply.js';
import type { ApiRuntime } from './runtime.js';

export const day = z.iso.date().describe('UTC day, YYYY-MM-DD (inclusive)');
/** A source, stage or touchpoint name as a query parameter. */
export const shortName = z.string().regex(/^[A-Za-z0-9_.:-]{1,60}$/);
export const Filters = z.looseObject({
  from: day.optional(),
  to: day.optional(),
  source: shortName.optional().describe('Only this source'),
  segment: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('key:value, repeatable (segment=plan:pro); or segment.plan=pro'),
});

type Period = { from?: string; to?: string };

/** For `.refine(...)`: refuses a `from` after `to` with the route's message, reported on `at`. */
export function fromNotAfterTo(
  message: string,
  at: 'from' | 'to' = 'from',
): [(q: Period) => boolean, { message: string; path: string[] }] {
  return [(q) => !(q.from && q.to && q.from > q.to), { message, path: [at] }];
}

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

/** `from` with `to` is the period; `to` alone is the as-of day (the last whole bucket ends by it). */
export function periodOf(query: Period) {
  if (query.from && query.to) return { from: query.from, to: query.to };
  return query.to ? { asOf: query.to } : {};
}

/** A JSON body its formatter wrote out already (formatHeatmapJson): sent as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A query route: what it answers, then how /docs describes it. */
export interface QueryRoute<S extends z.ZodType, R> {
  querystring?: S;
  /** The result, read through `db` (the read handle: a replica under DATABASE_READ_URL). */
  answer(query: z.output<S>, db: ReadDb): Promise<R>;
  /** `?format=csv`: the download's file name and the result's table. */
  csv?: { name: string; table(result: R): CsvTable };
  /** The JSON body (a JsonText is sent as it is); without it, the result itself. */
  json?(result: R, query: z.output<S>): unknown;
  summary: string;
  description?: string;
  /** Documentation only: responses are sent as plain JSON. */
  response?: Record<number, z.ZodType>;
}

/** GET `path` under the `queries` tag, for read tokens: the query parsed by the route's schema. */
export function getQuery<S extends z.ZodType = z.ZodObject, R = unknown>(
  app: FastifyInstance,
  rt: ApiRuntime,
  path: string,
  route: QueryRoute<S, R>,
): void {
  const { summary, description, querystring, response } = route;
  const schema = {
    tags: ['queries'],
    summary,
    ...(description === undefined ? {} : { description }),
    ...(querystring === undefined ? {} : { querystring }),
    ...(response === undefined ? {} : { response }),
  };
  app.get(path, { config: { access: 'read' }, schema }, async (request, reply) => {
    const query = request.query as z.output<S>;
    const result = await route.answer(query, rt.readDb);
    if (route.csv && (query as { format?: string }).format === 'csv')
      return sendCsv(reply, route.csv.name, route.csv.table(result));
    const body = route.json ? route.json(result, query) : result;
    if (body instanceof JsonText) return reply.type('application/json; charset=utf-8').send(body.text);
    return body;
  });
}
