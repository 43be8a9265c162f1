// Rate limiting, and outages: Postgres or Redis reached through a TCP proxy this test cuts and
// restores (the machine's shared services are never stopped). Nothing accepted is ever lost.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_TOKENS,
  auth,
  hostPort,
  startTestServer,
  TcpProxy,
  type TestServer,
  throughProxy,
  tokens,
} from './api-helpers.js';
import { createTestDb, obliteratePrefix, type TestDb, testConfig, testRedis, waitFor } from './helpers.js';

let t: TestDb;
const servers: TestServer[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  t = await createTestDb();
});

afterAll(async () => {
  for (const proxy of proxies) await proxy.cut();
  for (const server of servers) {
    const prefix = server.rt.config.QUEUE_PREFIX;
    await server.close();
    const redis = testRedis();
    await obliteratePrefix(redis, prefix);
    redis.disconnect();
  }
  await t?.drop();
});

const upload = (server: TestServer, body: string) =>
  fetch(`${server.url}/v1/uploads?filename=x.csv`, { method: 'POST', body, headers: auth(tokens.ingest) });
const uploads = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from uploads`.execute(t.db)).rows[0]!.n;

describe('rate limiting', () => {
  it('answers 429 with Retry-After past RATE_LIMIT_PER_MINUTE', async () => {
    const server = await startTestServer(testConfig({ API_TOKENS, RATE_LIMIT_PER_MINUTE: '3' }, t.url));
    servers.push(server);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${server.url}/v1/filters`, { headers: auth(tokens.read) });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Guessing tokens is limited too (per address), and health checks never are.
    for (let i = 0; i < 4; i++) await fetch(`${server.url}/v1/filters`, { headers: auth('y'.repeat(48)) });
    expect((await fetch(`${server.url}/v1/filters`, { headers: auth('y'.repeat(48)) })).status).toBe(429);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('outages', () => {
  let server: TestServer;
  let pgProxy: TcpProxy;
  let redisProxy: TcpProxy;

  beforeAll(async () => {
    const base = testConfig({}, t.url);
    pgProxy = new TcpProxy(hostPort(base.DATABASE_URL!, 5432));
    redisProxy = new TcpProxy(hostPort(base.REDIS_URL!, 6379));
    proxies.push(pgProxy, redisProxy);
    await pgProxy.start();
    await redisProxy.start();
    server = await startTestServer(
      testConfig(
        {
          API_TOKENS,
          DATABASE_URL: throughProxy(base.DATABASE_URL!, pgProxy.port),
          REDIS_URL: throughProxy(base.REDIS_URL!, redisProxy.port),
        },
        throughProxy(base.DATABASE_URL!, pgProxy.port),
      ),
    );
    servers.push(server);
  });

  it('answers 503 with Retry-After while Redis is down, stores nothing half-way, and recovers', async () => {
    expect(
      (await upload(server, 'id,created_at,comment\nr-1,2026-03-01T00:00:00Z,"Late parcel."\n')).status,
    ).toBe(202);
    await redisProxy.cut();
    await waitFor(async () => server.rt.redis?.status !== 'ready', 'the API to notice Redis is gone', 10_000);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, postgres: true, redis: false });
    const before = await uploads();
    const refused = await upload(server, 'id,created_at,comment\nr-2,2026-03-01T00:00:00Z,"Rude driver."\n');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await uploads()).toBe(before);
    await redisProxy.start();
    await waitFor(async () => server.rt.redis?.status === 'ready', 'the API to reach Redis again', 15_000);
    expect(
      (await upload(server, 'id,created_at,comment\nr-2,2026-03-01T00:00:00Z,"Rude driver."\n')).status,
    ).toBe(202);
    expect(await uploads()).toBe(before + 1);
  });

  it('answers 503 with Retry-After while Postgres is down, and recovers', async () => {
    await pgProxy.cut();
    const refused = await upload(server, 'id,created_at,comment\nr-3,2026-03-02T00:00:00Z,"Broken lid."\n');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.text()).not.toContain('Broken lid');
    expect((await fetch(`${server.url}/v1/heatmap`, { headers: auth(tokens.read) })).status).toBe(503);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    await pgProxy.start();
    const accepted = await waitFor(
      async () => {
        const response = await upload(
          server,
          'id,created_at,comment\nr-3,2026-03-02T00:00:00Z,"Broken lid."\n',
        );
        return response.status === 202 ? response : null;
      },
      'Postgres to be reachable again',
      20_000,
    );
    expect(accepted.status).toBe(202);
  });
});
