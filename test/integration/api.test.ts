// The HTTP API over real HTTP against real Postgres and Redis, with real BullMQ workers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUpload } from '../../src/cli/upload.command.js';
import {
  API_TOKENS,
  auth,
  startTestServer,
  startTestWorkers,
  type TestServer,
  type TestWorkers,
  tokens,
} from './api-helpers.js';
import { createTestDb, type TestDb, testConfig, waitFor } from './helpers.js';

const SURVEY = 'fixtures/surveys/nps-march.csv';
const MAX = 64 * 1024;

let t: TestDb;
let server: TestServer;
let workers: TestWorkers;

beforeAll(async () => {
  t = await createTestDb();
  const config = testConfig(
    { API_TOKENS, MAX_UPLOAD_BYTES: String(MAX), RATE_LIMIT_PER_MINUTE: '10000' },
    t.url,
  );
  server = await startTestServer(config);
  workers = await startTestWorkers(config);
});

afterAll(async () => {
  await server?.close();
  await workers?.close();
  await t?.drop();
});

const count = async (
  table: 'feedback_items' | 'ingest_runs' | 'uploads' | 'upload_chunks' | 'feedback_mentions',
) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n;

// Test responses are read loosely: the assertions say what they must hold.
type Res = Omit<Response, 'json'> & { json(): Promise<any> };

const post = (
  path: string,
  body: RequestInit['body'],
  token = tokens.ingest,
  headers: Record<string, string> = {},
) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    body,
    headers: { ...auth(token), ...headers },
    duplex: 'half',
  } as RequestInit) as Promise<Res>;
const get = (path: string, token = tokens.read) =>
  fetch(`${server.url}${path}`, { headers: auth(token) }) as Promise<Res>;

async function finished(uploadId: number) {
  return waitFor(async () => {
    const status = await (await get(`/v1/uploads/${uploadId}`)).json();
    return ['done', 'rejected', 'failed'].includes(status.state) ? status : null;
  }, `upload ${uploadId} to be processed`);
}

describe('authentication', () => {
  it('refuses every API call without a token, or with an unknown one, with 401', async () => {
    expect((await fetch(`${server.url}/v1/heatmap`)).status).toBe(401);
    expect((await get('/v1/heatmap', 'x'.repeat(48))).status).toBe(401);
    const upload = await fetch(`${server.url}/v1/uploads`, { method: 'POST', body: 'a,b\n1,2\n' });
    expect(upload.status).toBe(401);
    expect(upload.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await count('uploads')).toBe(0);
  });

  it('lets a read token query but not upload (403), and keeps the queue dashboard for admins', async () => {
    expect((await get('/v1/heatmap')).status).toBe(200);
    expect((await post('/v1/uploads', 'a,b\n1,2\n', tokens.read)).status).toBe(403);
    expect((await get('/admin/queues', tokens.ingest)).status).toBe(403);
    expect((await get('/admin/queues', tokens.admin)).status).toBe(200);
  });

  it('serves health, readiness and OpenAPI without a token', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({
      ready: true,
      postgres: true,
      redis: true,
    });
    const docs = await ((await fetch(`${server.url}/docs/json`)) as Res).json();
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/v1/uploads',
        '/v1/uploads/{id}',
        '/v1/items',
        '/v1/heatmap',
        '/v1/pain-points',
      ]),
    );
  });
});

describe('upload → status → heatmap', () => {
  let uploadId: number;

  it('stores the file, answers 202 with an upload id, and reports counts and row errors', async () => {
    const response = await post(
      '/v1/uploads?filename=nps-march.csv&rating_scale=nps',
      Readable.toWeb((await import('node:fs')).createReadStream(SURVEY)) as ReadableStream,
      tokens.ingest,
      { 'content-type': 'text/csv' },
    );
    expect(response.status).toBe(202);
    const body = await response.json();
    uploadId = body.uploadId;
    expect(body).toMatchObject({ duplicate: false, status: `/v1/uploads/${uploadId}` });
    const status = await finished(uploadId);
    expect(status).toMatchObject({ uploadId, state: 'done', fileName: 'nps-march.csv' });
    expect(status.run.counts).toMatchObject({
      records: 11,
      valid: 7,
      rejected: 2,
      skipped: 1,
      duplicates: 1,
    });
    expect(status.run.errors.map((e: { record: number; kind: string }) => [e.record, e.kind])).toEqual(
      [
        [5, 'rejected'],
        [8, 'rejected'],
        [10, 'duplicate'],
        [9, 'skipped'],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1])) || Number(a[0]) - Number(b[0])),
    );
    expect(await count('feedback_items')).toBe(7);
    // The bytes are dropped once the run's batches hold the data; the upload stays linked to the run.
    expect(await count('upload_chunks')).toBe(0);
  });

  it('shows the uploaded mentions in the heatmap with their denominators', async () => {
    await waitFor(
      async () =>
        (await sql<{ n: number }>`select count(*)::int as n from aggregate_dirty_days`.execute(t.db)).rows[0]!
          .n === 0,
      'aggregates',
    );
    const response = await get('/v1/heatmap?bucket=week&metric=negative_rate&from=2026-03-01&to=2026-03-31');
    expect(response.status).toBe(200);
    const heatmap = await response.json();
    const mentions = heatmap.total.reduce((n: number, c: { mentions: number }) => n + c.mentions, 0);
    expect(mentions).toBe(await count('feedback_mentions'));
    expect(heatmap.buckets.map((b: { start: string }) => b.start)).toEqual([
      '2026-02-23',
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
      '2026-03-30',
    ]);
    const delivery = heatmap.total.find(
      (c: { touchpoint: string; negative: number }) => c.touchpoint === 'delivery' && c.negative > 0,
    );
    expect(delivery.value).toBe(delivery.negativeRate);
    expect(delivery.value).toBeCloseTo(delivery.negative / delivery.mentions, 3);
  });

  it('filters the heatmap by segment (segment=plan:pro and segment.plan=pro agree)', async () => {
    const a = await (await get('/v1/heatmap?bucket=month&metric=volume&segment=plan:pro')).json();
    const b = await (await get('/v1/heatmap?bucket=month&metric=volume&segment.plan=pro')).json();
    const all = await (await get('/v1/heatmap?bucket=month&metric=volume')).json();
    const sum = (h: { total: Array<{ mentions: number }> }) => h.total.reduce((n, c) => n + c.mentions, 0);
    expect(sum(a)).toBe(sum(b));
    expect(sum(a)).toBeGreaterThan(0);
    expect(sum(a)).toBeLessThan(sum(all));
    expect((await get('/v1/heatmap?segment=plan')).status).toBe(400);
  });

  it('returns the quotes behind a cell with evidence offsets inside the quote', async () => {
    const { quotes } = await (await get('/v1/quotes?stage=fulfilment&touchpoint=delivery')).json();
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) {
      for (const h of q.highlights) expect(q.quote.slice(h.start, h.end).length).toBe(h.end - h.start);
    }
    expect(quotes.some((q: { highlights: unknown[] }) => q.highlights.length > 0)).toBe(true);
  });

  it('ranks pain points for a period with quotes', async () => {
    const report = await (await get('/v1/pain-points?from=2026-03-01&to=2026-03-31&top=3')).json();
    expect(report.painPoints.length).toBeGreaterThan(0);
    expect(report.painPoints.length).toBeLessThanOrEqual(3);
    expect(report.painPoints[0].negative).toBeGreaterThan(0);
  });

  it('gives the same upload id for the same file twice and adds no rows', async () => {
    const before = {
      items: await count('feedback_items'),
      runs: await count('ingest_runs'),
      uploads: await count('uploads'),
    };
    const { readFileSync } = await import('node:fs');
    const again = await post('/v1/uploads?filename=other-name.csv&rating_scale=nps', readFileSync(SURVEY));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ uploadId, duplicate: true });
    expect({
      items: await count('feedback_items'),
      runs: await count('ingest_runs'),
      uploads: await count('uploads'),
    }).toEqual(before);
  });

  it('accepts a multipart upload', async () => {
    const form = new FormData();
    form.append(
      'file',
      new Blob(['id,created_at,comment\nm-1,2026-03-10T10:00:00Z,"The app keeps crashing at login."\n']),
      'multi.csv',
    );
    const response = await post('/v1/uploads', form);
    expect(response.status).toBe(202);
    const status = await finished((await response.json()).uploadId);
    expect(status).toMatchObject({ state: 'done', fileName: 'multi.csv' });
    expect(status.run.counts.valid).toBe(1);
  });
});

describe('size limits', () => {
  it('refuses a body over MAX_UPLOAD_BYTES with 413 when its length is declared, keeping nothing', async () => {
    const uploads = await count('uploads');
    const response = await post('/v1/uploads', Buffer.alloc(MAX + 1, 'a'));
    expect(response.status).toBe(413);
    expect(await count('uploads')).toBe(uploads);
  });

  it('stops a streamed body at the cap with 413 and keeps no byte of it', async () => {
    const uploads = await count('uploads');
    const chunk = Buffer.alloc(16 * 1024, 'b');
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent >= 8) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const response = await post('/v1/uploads', body);
    expect(response.status).toBe(413);
    expect(await count('uploads')).toBe(uploads);
    expect(await count('upload_chunks')).toBe(0);
  });
});

describe('POST /v1/items', () => {
  const batch = {
    source: 'crm',
    items: [
      { id: 'c-1', receivedAt: '2026-03-11T09:00:00Z', text: 'The refund took three weeks, awful support.' },
      { id: 'c-2', receivedAt: 'yesterday', text: 'Fine.' },
      {
        id: 'c-3',
        receivedAt: '2026-03-12T09:00:00Z',
        text: 'Love the new app.',
        rating: { value: 9, scale: 'nps' },
      },
      { id: 'c-1', receivedAt: '2026-03-11T09:00:00Z', text: 'Repeated.' },
    ],
  };

  it('writes one durable run, reports bad items by number, and is idempotent', async () => {
    const response = await post('/v1/items', JSON.stringify(batch), tokens.ingest, {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(202);
    const body = await response.json();
    expect(body.errors.map((e: { record: number; kind: string }) => [e.record, e.kind])).toEqual([
      [4, 'duplicate'],
      [2, 'rejected'],
    ]);
    await waitFor(
      async () => (await (await get(`/v1/runs/${body.runId}`)).json()).state === 'done',
      'the items run',
    );
    const items = await count('feedback_items');
    // Same items, keys in another order: the same canonical JSON, the same run, nothing new.
    const reordered = { items: batch.items, source: batch.source };
    const again = await post('/v1/items', JSON.stringify(reordered), tokens.ingest, {
      'content-type': 'application/json',
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ runId: body.runId, duplicate: true });
    expect(await count('feedback_items')).toBe(items);
  });

  it('answers 400 for a malformed batch without echoing its text', async () => {
    const response = await post('/v1/items', '{"source":"crm","items":"secret feedback"', tokens.ingest, {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('secret feedback');
  });
});

describe('painmap upload (CLI)', () => {
  it('streams a file, waits for it and reports the counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'painmap-cli-'));
    const file = join(dir, 'cli.csv');
    writeFileSync(
      file,
      'id,created_at,comment\nk-1,2026-03-20T10:00:00Z,"Checkout failed twice."\nk-2,not a date,"x"\n',
    );
    const chunks: string[] = [];
    const out = new (await import('node:stream')).Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const result = await runUpload(file, {
      server: server.url,
      token: tokens.ingest,
      source: 'auto',
      wait: true,
      json: false,
      out,
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(0);
    expect(result.status.state).toBe('done');
    expect(chunks.join('')).toMatch(/records 2, valid 1, rejected 1/);
    expect(chunks.join('')).toMatch(/record 2 \(rejected\)/);
  });
});

describe('metrics', () => {
  it('exposes queue depths, items and tag latency in Prometheus text', async () => {
    const response = await get('/metrics');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^painmap_queue_jobs\{queue="ingest",state="waiting"\} \d+$/m);
    expect(text).toMatch(new RegExp(`^painmap_feedback_items ${await count('feedback_items')}$`, 'm'));
    expect(text).toMatch(/^painmap_tag_batch_latency_seconds_count [1-9]\d*$/m);
    expect(text).not.toContain(tokens.read);
  });
});
