// Pure: the one classification of errors. "infrastructure" means a service is down: wait and try
// again (workers pause the queue without using an attempt; the API answers 503 with Retry-After).
// "data" means this input will never be stored (the job fails at once). Everything else is "other".
import { ZodError } from 'zod';
import { FileRejectedError } from '../ingest/types.js';

export type ErrorKind = 'infrastructure' | 'data' | 'other';

/** A dependency did not answer (a timeout of ours, or Redis not ready): retry later. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  /** Fastify answers with this status. */
  readonly statusCode = 503;
}

/** Socket and DNS errors, and SQLSTATEs for shutdown (57P01–57P03) and too many connections (53300). */
export const INFRA_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** pg and ioredis raise some connection failures without a code; these are their messages. */
export const INFRA_MESSAGES: readonly RegExp[] = [
  /connection terminated/i,
  /connection is closed/i,
  /client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /max retries per request/i,
  /stream isn't writeable/i,
  /connect ETIMEDOUT/,
];

/** Error classes (by name) that mean a service is down. */
const INFRA_NAMES = new Set(['ServiceUnavailableError', 'MaxRetriesPerRequestError']);

/** SQLSTATEs the same input will always raise: class 22 (bad value), not-null and check violations. */
function isDataSqlState(code: string): boolean {
  return code.startsWith('22') || code === '23502' || code === '23514' || code === '54000';
}

/** The kind of one error, not looking at its causes. */
function kindOf(e: Error): ErrorKind | null {
  if (INFRA_NAMES.has(e.name)) return 'infrastructure';
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    // Postgres class 08: connection exceptions.
    if (INFRA_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return 'infrastructure';
    if (/^[0-9A-Z]{5}$/.test(code) && isDataSqlState(code)) return 'data';
  }
  if (INFRA_MESSAGES.some((pattern) => pattern.test(e.message))) return 'infrastructure';
  return null;
}

/** Walks the error, its causes and an AggregateError's errors (a few levels deep). */
export function classifyError(error: unknown, depth = 0): ErrorKind {
  if (error instanceof ZodError || error instanceof FileRejectedError) return 'data';
  if (!(error instanceof Error) || depth >= 5) return 'other';
  const own = kindOf(error);
  if (own) return own;
  const inner = [...((error as { errors?: unknown[] }).errors ?? []), (error as { cause?: unknown }).cause];
  const kinds = inner.filter((e) => e !== undefined && e !== error).map((e) => classifyError(e, depth + 1));
  return kinds.includes('infrastructure') ? 'infrastructure' : kinds.includes('data') ? 'data' : 'other';
}

export function isInfrastructureError(error: unknown): boolean {
  return classifyError(error) === 'infrastructure';
}
