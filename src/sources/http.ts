// HTTP for the nightly sources: a timeout per request, retries with backoff for what may pass
// (network errors, timeouts, 5xx, 429 with Retry-After), and a SourceFailedError at once for
// what never will (a refused token, a wrong URL). Never logs or throws a token or a full URL.

export interface FetchPolicy {
  timeoutMs: number;
  attempts: number;
  /** First backoff delay; doubled each retry, with jitter. */
  baseDelayMs: number;
  /** The longest Retry-After we wait out; a longer one fails the pull for tonight. */
  maxRetryAfterMs: number;
}

export const DEFAULT_POLICY: FetchPolicy = {
  timeoutMs: 30_000,
  attempts: 5,
  baseDelayMs: 1_000,
  maxRetryAfterMs: 120_000,
};

/** A pull that cannot succeed by retrying: the run fails with this reason. */
export class SourceFailedError extends Error {
  override readonly name = 'SourceFailedError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface HttpRequest {
  url: string;
  headers?: Record<string, string>;
  /** Who is asking, for messages: `zendesk source "support"`. */
  what: string;
  /** The environment variable the token came from, named in an auth failure. */
  tokenEnv?: string | undefined;
  policy: FetchPolicy;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The path of a URL without its query, safe to show (no cursor, no credentials). */
export function showUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/** Seconds or an HTTP date → milliseconds to wait; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function backoffMs(attempt: number, baseMs: number, random = Math.random): number {
  const exp = baseMs * 2 ** (attempt - 1);
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** GET with retries; resolves with an ok Response, or throws SourceFailedError. */
export async function fetchWithRetry(request: HttpRequest): Promise<Response> {
  const sleep = request.sleep ?? defaultSleep;
  const { policy } = request;
  let last = '';
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    let response: Response;
    try {
      response = await fetch(request.url, {
        headers: { accept: 'application/json', ...request.headers },
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
    } catch (error) {
      last = describeNetworkError(error, policy.timeoutMs);
      if (attempt < policy.attempts) await sleep(backoffMs(attempt, policy.baseDelayMs));
      continue;
    }
    if (response.ok) return response;
    await response.body?.cancel().catch(() => undefined);
    const permanent = permanentFailure(response.status, request);
    if (permanent) throw permanent;
    last = `HTTP ${response.status}`;
    if (attempt === policy.attempts) break;
    const wait = parseRetryAfter(response.headers.get('retry-after'));
    if (wait !== null && wait > policy.maxRetryAfterMs) {
      throw new SourceFailedError(
        'rate_limited',
        `${request.what}: ${showUrl(request.url)} asked to wait ${Math.round(wait / 1000)} s (Retry-After), longer than painmap waits; the next pull resumes from the stored cursor.`,
      );
    }
    await sleep(wait ?? backoffMs(attempt, policy.baseDelayMs));
  }
  throw new SourceFailedError(
    'unavailable',
    `${request.what}: ${showUrl(request.url)} still failed after ${policy.attempts} attempts (${last}); the next pull resumes from the stored cursor.`,
  );
}

function permanentFailure(status: number, request: HttpRequest): SourceFailedError | null {
  const at = showUrl(request.url);
  if (status === 401 || status === 403) {
    const where = request.tokenEnv ? `the token in ${request.tokenEnv}` : 'the request (no token configured)';
    return new SourceFailedError(
      'unauthorized',
      `${request.what}: ${at} answered HTTP ${status}: ${where} was refused (expired, revoked or without access). Put a valid token there and run \`painmap pull --source NAME --now\`.`,
    );
  }
  if (status === 408 || status === 429 || status >= 500) return null;
  return new SourceFailedError(
    'http_error',
    `${request.what}: ${at} answered HTTP ${status}; check the source's settings in the sources file.`,
  );
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return e.cause?.code ?? e.message;
}

/** Reads a response body up to a byte cap (a bigger export is rejected, never truncated). */
export async function readBodyCapped(response: Response, maxBytes: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new SourceFailedError('too_large', `${what}: the download is over the ${maxBytes}-byte limit.`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON page; a body that is not JSON is a failure that retrying will not fix. */
export async function readJson(response: Response, maxBytes: number, what: string): Promise<unknown> {
  const body = await readBodyCapped(response, maxBytes, what);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new SourceFailedError('invalid_json', `${what}: the API answered with something that is not JSON.`);
  }
}
