// Which errors mean "Postgres or Redis is unreachable right now" (answer 503 + Retry-After), as
// opposed to a bug or bad input. The client may simply retry later: nothing it sent was lost.

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const REDIS_MESSAGES = [
  "Stream isn't writeable",
  'Connection is closed',
  'Reached the max retries per request limit',
  'connect ETIMEDOUT',
];

export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  readonly statusCode = 503;
}

export function isInfrastructureError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof ServiceUnavailableError) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    // Postgres: 08xxx connection exceptions, 57P01..57P03 admin shutdown / cannot connect now.
    if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  }
  if (error.name === 'MaxRetriesPerRequestError') return true;
  if (REDIS_MESSAGES.some((m) => error.message.includes(m))) return true;
  // pg's pool: "timeout exceeded when trying to connect"; pg client: "Connection terminated".
  if (/timeout exceeded when trying to connect|Connection terminated/i.test(error.message)) return true;
  const cause = (error as { cause?: unknown }).cause;
  if (cause && cause !== error) return isInfrastructureError(cause);
  if (error instanceof AggregateError) return error.errors.some(isInfrastructureError);
  return false;
}

/** Rejects after `ms` with a ServiceUnavailableError: a dependency that hangs counts as down. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ServiceUnavailableError(`${what} did not answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
