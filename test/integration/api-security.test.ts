// Fault scenario 9, security: SQL-injection strings in every query and path parameter the OpenAPI
// document declares give no server error and no SQL error; the logs hold neither a token nor any
// feedback text, and every log line is one JSON object.
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
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

const MARKER = 'Zebracorn7731';
const CSV = [
  'id,created_at,customer_id,plan,rating,comment',
  `s-1,2026-03-02T09:15:00Z,c-1,pro,2,"${MARKER} the parcel arrived a week late and the box was crushed."`,
  `s-2,2026-03-03T10:00:00Z,c-2,free,9,"${MARKER} checkout was quick, love the new payment page!"`,
  `s-3,2026-03-04T11:00:00Z,c-3,plus,1,"${MARKER} I was charged twice and nobody answers the phone."`,
].join('\n');

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE feedback_items; --",
  '1); SELECT pg_sleep(3); --',
  "x' UNION SELECT text, text FROM feedback_items --",
  "2026-01-01' OR 1=1 --",
  "plan:pro' OR 'a'='a",
  '"; \\\\ $$ $1',
  '\u0000',
  '%',
  '../../etc/passwd',
  "9999999999999999999999999'",
  'a'.repeat(3000),
];

const lines: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

let t: TestDb;
let server: TestServer;
let workers: TestWorkers;

beforeAll(async () => {
  t = await createTestDb();
  const config = testConfig({ API_TOKENS, RATE_LIMIT_PER_MINUTE: '100000' }, t.url);
  const log = createLogger('info', capture);
  server = await startTestServer(config, '/nonexistent', log);
  workers = await startTestWorkers(config, log);
  const upload = await fetch(`${server.url}/v1/uploads?filename=security.csv`, {
    method: 'POST',
    body: CSV,
    headers: { ...auth(tokens.ingest), 'content-type': 'text/csv' },
  });
  expect(upload.status).toBe(202);
  await waitFor(async () => (await itemCount()) === 3, 'the upload to be stored');
});

afterAll(async () => {
  await server?.close();
  await workers?.close();
  await t?.drop();
});

const itemCount = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from feedback_items`.execute(t.db)).rows[0]!.n;

interface Probe {
  method: string;
  url: string;
}

/** Every GET operation of the OpenAPI document, once per parameter per injection string. */
async function probes(): Promise<Probe[]> {
  const docs = (await (await fetch(`${server.url}/docs/json`)).json()) as {
    paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
  };
  const out: Probe[] = [];
  for (const [path, operations] of Object.entries(docs.paths)) {
    const get = operations.get;
    if (!get) continue;
    const params = get.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name);
    const fill = (value: string, name?: string) =>
      path.replace(/\{(\w+)\}/g, (_, p: string) => (p === name ? encodeURIComponent(value) : '1'));
    for (const value of INJECTIONS) {
      for (const name of pathParams) out.push({ method: 'GET', url: fill(value, name) });
      for (const p of params.filter((q) => q.in === 'query')) {
        out.push({ method: 'GET', url: `${fill('1')}?${p.name}=${encodeURIComponent(value)}` });
      }
    }
  }
  return out;
}

describe('security', () => {
  it('answers hostile strings in every parameter without a server error or an SQL error', async () => {
    const all = await probes();
    // The document declares the query routes' parameters: the probe list must cover them.
    expect(all.filter((p) => p.url.startsWith('/v1/heatmap?')).length).toBeGreaterThan(5 * INJECTIONS.length);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const probe of all) {
      const response = await fetch(`${server.url}${probe.url}`, { headers: auth(tokens.admin) });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500) failures.push(`${response.status} ${probe.url.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    // The probes reached the handlers: refused by validation (400), not found, or answered (200);
    // none stopped at authentication.
    expect(statuses.get(401) ?? 0).toBe(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect(statuses.get(200)).toBeGreaterThan(0);
    console.log(
      JSON.stringify({ scenario: 'security', probes: all.length, statuses: Object.fromEntries(statuses) }),
    );
    expect(await itemCount()).toBe(3);
    const sqlErrors = lines.filter((l) => /"level":(50|60)|syntax error|SQLSTATE|"code":"42/.test(l));
    expect(sqlErrors).toEqual([]);
  });

  it('keeps tokens and feedback text out of the logs, and writes every log line as one JSON object', async () => {
    // The requests above, the upload and the workers' jobs all logged something.
    expect(lines.length).toBeGreaterThan(100);
    const notJson = lines.filter((l) => {
      try {
        return typeof JSON.parse(l) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    const leaks = lines.filter(
      (l) => l.includes(MARKER) || Object.values(tokens).some((token) => l.includes(token)),
    );
    expect(leaks).toEqual([]);
  });
});
