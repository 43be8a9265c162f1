// A dependency that hangs counts as down: the API bounds its calls to Postgres and Redis.
import { ServiceUnavailableError } from '../queue/errors.js';

/** Rejects after `ms` with a ServiceUnavailableError (a 503 with Retry-After). */
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
