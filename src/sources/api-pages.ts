// Page readers for the API sources. Each yields pages of raw records with the cursor to store
// once that page is safely written, so a crashed pull resumes at the first unwritten page.
//   zendesk:     incremental ticket export, cursor-based (after_cursor, end_of_stream)
//   app-store:   App Store Connect customerReviews, newest first, links.next
//   google-play: androidpublisher reviews.list, newest first, tokenPagination.nextPageToken
// The review APIs have no `since` filter: the watermark (newest review time already stored) is
// applied here, and paging stops at the first page that reaches below it.
import { appStore } from '../ingest/formats/app-store.js';
import { zendeskJson } from '../ingest/formats/zendesk-json.js';
import type { JsonFormat } from '../ingest/json-format.js';
import { asArray, asObject, asText, get, type JsonObject } from '../ingest/json-values.js';
import { googlePlayApi, lastModifiedMs } from './google-play-reviews.js';
import { type FetchPolicy, fetchWithRetry, readJson, SourceFailedError } from './http.js';
import type { ApiSourceConfig, SourceOf } from './sources.schema.js';

export type Cursor = Record<string, unknown>;

export interface ApiPage {
  records: JsonObject[];
  /** The cursor to store in the same transaction as this page's items. */
  cursor: Cursor;
}

export interface PageContext {
  env: NodeJS.ProcessEnv;
  now: Date;
  policy: FetchPolicy;
  maxBytes: number;
  /** A bound on pages per pull, so a misbehaving API cannot loop forever. */
  maxPages: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ApiReader {
  format: JsonFormat;
  pages(cursor: Cursor | null, ctx: PageContext): AsyncGenerator<ApiPage>;
  /** The cursor to store when the pull has read every page. */
  finish(cursor: Cursor | null): Cursor | null;
}

function tokenOf(source: ApiSourceConfig, env: NodeJS.ProcessEnv): string {
  const token = env[source.tokenEnv];
  if (!token) {
    throw new SourceFailedError(
      'missing_token',
      `${source.type} source "${source.name}": the environment variable ${source.tokenEnv} is not set; put the API token there.`,
    );
  }
  return token;
}

async function getJson(
  source: ApiSourceConfig,
  url: string,
  headers: Record<string, string>,
  ctx: PageContext,
) {
  const what = `${source.type} source "${source.name}"`;
  const response = await fetchWithRetry({
    url,
    headers,
    what,
    tokenEnv: source.tokenEnv,
    policy: { ...ctx.policy, timeoutMs: source.timeoutMs, attempts: source.attempts },
    ...(ctx.sleep ? { sleep: ctx.sleep } : {}),
  });
  const body = asObject(await readJson(response, ctx.maxBytes, what));
  if (!body)
    throw new SourceFailedError(
      'invalid_page',
      `${what}: the API answered with a JSON value that is not a page.`,
    );
  return body;
}

/** Follows only links on the configured host: the token never goes anywhere else. */
function sameOrigin(source: ApiSourceConfig, base: string, link: string): string {
  const url = new URL(link, base);
  if (url.origin !== new URL(base).origin) {
    throw new SourceFailedError(
      'foreign_link',
      `${source.type} source "${source.name}": the API's next-page link points to another host; refusing to send the token there.`,
    );
  }
  return url.href;
}

const objects = (value: unknown): JsonObject[] =>
  asArray(value).flatMap((v) => {
    const o = asObject(v);
    return o ? [o] : [];
  });

function zendeskReader(source: SourceOf<'zendesk'>): ApiReader {
  const base = source.baseUrl ?? `https://${source.subdomain}.zendesk.com`;
  return {
    format: zendeskJson,
    async *pages(stored, ctx) {
      const token = tokenOf(source, ctx.env);
      const auth = source.email
        ? `Basic ${Buffer.from(`${source.email}/token:${token}`).toString('base64')}`
        : `Bearer ${token}`;
      const defaultStart = Math.floor(ctx.now.getTime() / 1000) - 30 * 86_400;
      const startTime =
        typeof stored?.startTime === 'number'
          ? stored.startTime
          : source.startTime
            ? Math.floor(Date.parse(source.startTime) / 1000)
            : defaultStart;
      let after = typeof stored?.afterCursor === 'string' ? stored.afterCursor : null;
      for (let page = 0; page < ctx.maxPages; page++) {
        const query = after ? `cursor=${encodeURIComponent(after)}` : `start_time=${startTime}`;
        const body = await getJson(
          source,
          `${base}/api/v2/incremental/tickets/cursor.json?${query}`,
          { authorization: auth },
          ctx,
        );
        const next = asText(body.after_cursor) || after;
        yield { records: objects(body.tickets), cursor: { startTime, afterCursor: next } };
        if (body.end_of_stream === true) return;
        if (next === after) {
          throw new SourceFailedError(
            'stuck_cursor',
            `zendesk source "${source.name}": the export returned the same cursor twice without end_of_stream.`,
          );
        }
        after = next;
      }
      throw new SourceFailedError(
        'too_many_pages',
        `zendesk source "${source.name}": more than ${ctx.maxPages} pages in one pull; the next pull continues from the stored cursor.`,
      );
    },
    finish: (cursor) => cursor,
  };
}

interface ReviewApi {
  format: JsonFormat;
  firstUrl: string;
  base: string;
  list: (body: JsonObject) => JsonObject[];
  /** The next page's URL (or null) from a page body. */
  next: (body: JsonObject) => string | null;
  timeOf: (record: JsonObject) => number | null;
}

/** Newest-first review pages above the watermark; the cursor remembers the next page while paging. */
function reviewReader(source: SourceOf<'app-store' | 'google-play'>, api: ReviewApi): ApiReader {
  return {
    format: api.format,
    async *pages(stored, ctx) {
      const headers = { authorization: `Bearer ${tokenOf(source, ctx.env)}` };
      const watermark = typeof stored?.watermark === 'string' ? Date.parse(stored.watermark) : null;
      let newest = typeof stored?.newest === 'string' ? Date.parse(stored.newest) : null;
      let url: string | null = typeof stored?.next === 'string' ? stored.next : api.firstUrl;
      for (let page = 0; page < ctx.maxPages && url !== null; page++) {
        const body = await getJson(source, sameOrigin(source, api.base, url), headers, ctx);
        const all = api.list(body);
        const times = all.map(api.timeOf);
        const kept = all.filter(
          (_, i) => watermark === null || (times[i] ?? Number.POSITIVE_INFINITY) >= watermark,
        );
        for (const t of times) if (t !== null && (newest === null || t > newest)) newest = t;
        const reachedOld = kept.length < all.length;
        const link = reachedOld ? null : api.next(body);
        url = link === null ? null : sameOrigin(source, api.base, link);
        yield {
          records: kept,
          cursor: {
            watermark: watermark === null ? null : new Date(watermark).toISOString(),
            newest: newest === null ? null : new Date(newest).toISOString(),
            next: url,
          },
        };
      }
      if (url !== null) {
        throw new SourceFailedError(
          'too_many_pages',
          `${source.type} source "${source.name}": more than ${ctx.maxPages} pages in one pull; the next pull continues from the stored cursor.`,
        );
      }
    },
    finish(cursor) {
      const old = typeof cursor?.watermark === 'string' ? cursor.watermark : null;
      const newest = typeof cursor?.newest === 'string' ? cursor.newest : null;
      const latest =
        [old, newest]
          .filter((v): v is string => v !== null)
          .sort()
          .at(-1) ?? null;
      return { watermark: latest, newest: null, next: null };
    },
  };
}

function appStoreReader(source: SourceOf<'app-store'>): ApiReader {
  const base = source.baseUrl ?? 'https://api.appstoreconnect.apple.com';
  return reviewReader(source, {
    format: appStore,
    base,
    firstUrl: `${base}/v1/apps/${source.appId}/customerReviews?sort=-createdDate&limit=${source.pageSize}`,
    list: (body) => objects(body.data),
    next: (body) => asText(get(body, 'links', 'next')) || null,
    timeOf: (r) => {
      const t = Date.parse(asText(get(r, 'attributes', 'createdDate')));
      return Number.isNaN(t) ? null : t;
    },
  });
}

function googlePlayReader(source: SourceOf<'google-play'>): ApiReader {
  const base = source.baseUrl ?? 'https://androidpublisher.googleapis.com';
  const first = `${base}/androidpublisher/v3/applications/${encodeURIComponent(source.packageName)}/reviews?maxResults=${source.pageSize}`;
  return reviewReader(source, {
    format: googlePlayApi,
    base,
    firstUrl: first,
    list: (body) => objects(body.reviews),
    next: (body) => {
      const token = asText(get(body, 'tokenPagination', 'nextPageToken'));
      return token ? `${first}&token=${encodeURIComponent(token)}` : null;
    },
    timeOf: lastModifiedMs,
  });
}

export function apiReaderFor(source: ApiSourceConfig): ApiReader {
  switch (source.type) {
    case 'zendesk':
      return zendeskReader(source);
    case 'app-store':
      return appStoreReader(source);
    case 'google-play':
      return googlePlayReader(source);
  }
}
