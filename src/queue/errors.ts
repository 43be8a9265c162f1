// Pure: which errors mean "a service is down, wait and try again" and which mean "this input will
// never be stored". Workers pause on the first (no attempt used up) and fail fast on the second.
import { ZodError } from 'zod';
import { FileRejectedError } from '../ingest/types.js';

export type ErrorKind = 'infrastructure' | 'data' | 'other';

/** Socket errors, and SQLSTATEs for shutdown (57P01–57P03) and too many connections (53300). */
const INFRA_CODES = new Set([
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
const INFRA_MESSAGES = [
  /connection terminated/i,
  /connection is closed/i,
  /client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /max retries per request/i,
  /stream isn't writeable/i,
];

/** SQLSTATEs the same input will always raise: class 22 (bad value), not-null and check violations. */
function isDataSqlState(code: string): boolean {
  return code.startsWith('22') || code === '23502' || code === '23514' || code === '54000';
}

export function classifyError(error: unknown): ErrorKind {
  if (error instanceof ZodError || error instanceof FileRejectedError) return 'data';
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (INFRA_CODES.has(code) || code.startsWith('08')) return 'infrastructure';
      if (/^[0-9A-Z]{5}$/.test(code) && isDataSqlState(code)) return 'data';
    }
    if (INFRA_MESSAGES.some((pattern) => pattern.test((e as Error).message))) return 'infrastructure';
    const inner = (e as { errors?: unknown[] }).errors?.[0];
    e = inner ?? (e as { cause?: unknown }).cause;
  }
  return 'other';
}
