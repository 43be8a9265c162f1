// A loopback HTTP server speaking the documented wire formats of the nightly sources:
//   Zendesk incremental ticket export (cursor-based: after_cursor, after_url, end_of_stream),
//   App Store Connect customerReviews (JSON:API, sort=-createdDate, links.next),
//   Google Play reviews.list (reviews[], tokenPagination.nextPageToken),
//   and a plain export file. Bearer/basic auth, 429 with Retry-After, and a gate to hold a page.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Ticket {
  id: number;
  created_at: string;
  updated_at: string;
  subject: string;
  description: string;
  requester_id: number;
  via: { channel: string };
  satisfaction_rating?: { score: string; comment?: string };
}

export interface AppReview {
  id: string;
  rating: number;
  title: string;
  body: string;
  createdDate: string;
  territory: string;
}

export interface PlayReview {
  reviewId: string;
  text: string;
  starRating: number;
  lastModifiedMs: number;
}

export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  status: number;
  auth: string | undefined;
}

export class FakeApis {
  /** Zendesk's change log: a ticket appears again each time it changes. */
  readonly ticketLog: Ticket[] = [];
  readonly appReviews: AppReview[] = [];
  readonly playReviews: PlayReview[] = [];
  exportFile = '';
  tokens = { zendesk: 'zd-token', apple: 'apple-token', play: 'play-token', file: 'file-token' };
  pageSize = { zendesk: 2 };
  /** The next N requests to a path prefix answer 429 with Retry-After: 1. */
  readonly throttle = new Map<string, number>();
  /** Requests to a path prefix with this query value wait until release() is called. */
  hold: {
    prefix: string;
    cursor: string;
    reached: boolean;
    release: () => void;
    gate: Promise<void>;
  } | null = null;
  readonly seen: SeenRequest[] = [];
  private server: Server | null = null;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.hold?.release();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  holdPage(prefix: string, cursor: string): void {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.hold = { prefix, cursor, reached: false, release, gate };
  }

  requests(prefix: string): SeenRequest[] {
    return this.seen.filter((r) => r.path.startsWith(prefix));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const record = (status: number) =>
      this.seen.push({
        path: url.pathname,
        query: url.searchParams,
        status,
        auth: req.headers.authorization,
      });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record(status);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    for (const [prefix, left] of this.throttle) {
      if (url.pathname.startsWith(prefix) && left > 0) {
        this.throttle.set(prefix, left - 1);
        return send(429, { error: 'TooManyRequests' }, { 'retry-after': '1' });
      }
    }
    const hold = this.hold;
    if (hold && url.pathname.startsWith(hold.prefix) && url.searchParams.get('cursor') === hold.cursor) {
      hold.reached = true;
      await hold.gate;
    }
    if (url.pathname === '/api/v2/incremental/tickets/cursor.json') {
      const expected = `Basic ${Buffer.from(`ops@acme.example/token:${this.tokens.zendesk}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return send(401, { error: "Couldn't authenticate you" });
      return send(200, this.ticketPage(url));
    }
    const apple = /^\/v1\/apps\/(\d+)\/customerReviews$/.exec(url.pathname);
    if (apple) {
      if (req.headers.authorization !== `Bearer ${this.tokens.apple}`)
        return send(401, { errors: [{ status: '401', code: 'NOT_AUTHORIZED' }] });
      return send(200, this.applePage(url));
    }
    if (/^\/androidpublisher\/v3\/applications\/[\w.]+\/reviews$/.test(url.pathname)) {
      if (req.headers.authorization !== `Bearer ${this.tokens.play}`)
        return send(401, { error: { code: 401, status: 'UNAUTHENTICATED' } });
      return send(200, this.playPage(url));
    }
    if (url.pathname === '/exports/reviews.csv') {
      if (req.headers.authorization !== `Bearer ${this.tokens.file}`) return send(403, 'forbidden');
      record(200);
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end(this.exportFile);
      return;
    }
    send(404, { error: 'not found' });
  }

  private ticketPage(url: URL) {
    const cursor = url.searchParams.get('cursor');
    const from = cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString());
    const to = Math.min(from + this.pageSize.zendesk, this.ticketLog.length);
    const after = Buffer.from(String(to)).toString('base64url');
    return {
      tickets: this.ticketLog.slice(from, to),
      after_url: `${this.base}/api/v2/incremental/tickets/cursor.json?cursor=${after}`,
      after_cursor: after,
      before_url: null,
      before_cursor: null,
      end_of_stream: to >= this.ticketLog.length,
    };
  }

  private applePage(url: URL) {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const from = Number(url.searchParams.get('cursor') ?? 0);
    const sorted = [...this.appReviews].sort((a, b) => Date.parse(b.createdDate) - Date.parse(a.createdDate));
    const page = sorted.slice(from, from + limit);
    const more = from + limit < sorted.length;
    return {
      data: page.map((r) => ({
        type: 'customerReviews',
        id: r.id,
        attributes: {
          rating: r.rating,
          title: r.title,
          body: r.body,
          reviewerNickname: 'someone',
          createdDate: r.createdDate,
          territory: r.territory,
        },
        links: { self: `${this.base}/v1/customerReviews/${r.id}` },
      })),
      links: {
        self: url.href,
        ...(more
          ? { next: `${url.origin}${url.pathname}?sort=-createdDate&limit=${limit}&cursor=${from + limit}` }
          : {}),
      },
      meta: { paging: { total: sorted.length, limit } },
    };
  }

  private playPage(url: URL) {
    const max = Number(url.searchParams.get('maxResults') ?? 100);
    const from = Number(url.searchParams.get('token') ?? 0);
    const sorted = [...this.playReviews].sort((a, b) => b.lastModifiedMs - a.lastModifiedMs);
    const page = sorted.slice(from, from + max);
    return {
      reviews: page.map((r) => ({
        reviewId: r.reviewId,
        authorName: 'A Google user',
        comments: [
          {
            userComment: {
              text: `\t${r.text}`,
              lastModified: { seconds: String(Math.floor(r.lastModifiedMs / 1000)), nanos: 0 },
              starRating: r.starRating,
              reviewerLanguage: 'en',
              device: 'pixel7',
              appVersionName: '4.2.0',
            },
          },
          {
            developerComment: { text: 'Thanks for the feedback!', lastModified: { seconds: '1', nanos: 0 } },
          },
        ],
      })),
      pageInfo: { totalResults: sorted.length, resultPerPage: max, startIndex: from },
      ...(from + max < sorted.length ? { tokenPagination: { nextPageToken: String(from + max) } } : {}),
    };
  }
}
