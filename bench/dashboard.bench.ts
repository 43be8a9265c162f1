// p95 of every call the dashboard makes, over N items generated straight into Postgres (a year, three
// sources with and without ratings, plan × region segments, 1.5 mentions an item), through a real API
// server on loopback: each beside its target (issue 15: every call < 100 ms at 10M items; issue 16:
// the 52-week heatmap < 20 ms). `npm run bench:dashboard` alone, or part of `npm run bench`;
// BENCH_DASHBOARD_ITEMS (default BENCH_QUERY_ITEMS, else 10,000,000) sets N. BENCH_DASHBOARD_DB=name
// seeds a database of that name once and reuses it on later runs (it is kept; N is then whatever it
// holds); BENCH_DASHBOARD_CALLS=journey,pain-points times only the calls whose name contains one of them.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { pino } from 'pino';
import { queryHeatmap } from '../src/aggregate/heatmap.query.js';
import { createApiServer } from '../src/api/server.js';
import { ensureWebBuilt } from '../src/cli/serve.command.js';
import { loadConfig } from '../src/config.js';
import { createRuntime } from '../src/runtime.js';
import { rollUpFromDays } from '../src/storage/aggregates.repository.js';
import { insertIntervention } from '../src/storage/analytics.repository.js';
import type { Db } from '../src/storage/db.js';
import { loadSpreadFromMentions } from '../src/storage/stage-spread.repository.js';
import { loadRatedItems } from './drivers.bench.js';
import { createBenchDb, findServices, openKeptBenchDb, percentile } from './lib/env.js';

export interface DashboardCall {
  call: string;
  targetMs: number;
  runs: number;
  p50Ms: number;
  p95Ms: number;
}

const YEAR = { from: '2025-01-06', to: '2026-01-04' }; // 52 whole weeks, as the loader spreads items
/** Timed runs of a call at most; fewer when one run is slow (each call gets about BUDGET_MS). */
const RUNS = 30;
const BUDGET_MS = 20_000;

export async function benchDashboard(
  adminUrl: string,
  redisUrl: string,
  items: number,
  options: { keptDb?: string; only?: string[] } = {},
) {
  const bench = options.keptDb
    ? await openKeptBenchDb(adminUrl, options.keptDb)
    : { ...(await createBenchDb(adminUrl)), fresh: true };
  const db = bench.db;
  const t0 = performance.now();
  if (bench.fresh) await seedDashboard(db, items);
  const loadS = (performance.now() - t0) / 1000;
  const held = await sql<{ n: string }>`select count(*) as n from feedback_items`.execute(db);
  items = Number(held.rows[0]?.n ?? items);

  const token = randomBytes(24).toString('hex');
  const config = loadConfig({
    DATABASE_URL: bench.url,
    REDIS_URL: redisUrl,
    API_TOKENS: `bench:read:${token}`,
    QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
  });
  const rt = await createRuntime(config, { role: 'api', log: pino({ level: 'silent' }) });
  const webRoot = ensureWebBuilt();
  const app = await createApiServer(rt, { webRoot });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok)
      throw new Error(`bench: GET ${path} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  const year = `from=${YEAR.from}&to=${YEAR.to}`;
  const calls: Array<[string, number, () => Promise<unknown>]> = [
    ['heatmap query, 52 weeks', 20, () => queryHeatmap(db, { bucket: 'week', ...YEAR })],
    ['GET /v1/heatmap, 52 weeks', 20, () => get(`/v1/heatmap?bucket=week&${year}`)],
    ['GET /v1/heatmap, plan:pro', 100, () => get(`/v1/heatmap?bucket=week&${year}&segment=plan:pro`)],
    ['GET /v1/journey', 100, () => get('/v1/journey')],
    ['GET /v1/pain-points', 100, () => get(`/v1/pain-points?to=${YEAR.to}`)],
    ['GET /v1/drivers', 100, () => get(`/v1/drivers?bucket=month&to=${YEAR.to}`)],
    ['GET /v1/alerts', 100, () => get(`/v1/alerts?to=${YEAR.to}`)],
    ['GET /v1/interventions', 100, () => get('/v1/interventions')],
    ['GET /v1/quotes', 100, () => get(`/v1/quotes?stage=fulfilment&touchpoint=delivery&to=${YEAR.to}`)],
    ['GET /v1/search', 100, () => get(`/v1/search?q=${encodeURIComponent('late delivery')}`)],
    ['GET /v1/filters', 100, () => get('/v1/filters')],
    // What the first page (the journey map) asks for at once: the page, its filters, its journey.
    [
      'first page (/, filters, journey)',
      1500,
      () => Promise.all([get('/'), get('/v1/filters'), get('/v1/journey')]),
    ],
  ];
  const results: DashboardCall[] = [];
  const chosen = calls.filter(([call]) => !options.only || options.only.some((o) => call.includes(o)));
  try {
    for (const [call, targetMs, run] of chosen) results.push(await timeCall(call, targetMs, run));
  } finally {
    await app.close();
    await rt.close();
    await bench.drop();
  }
  // A kept database seeded on an earlier run has no load time of this run (null, not 0 s).
  return {
    items,
    loadS: bench.fresh ? loadS : null,
    webBuilt: existsSync(join(webRoot, 'index.html')),
    calls: results,
  };
}

/** N items and what the write path would have kept for them: aggregates, roll-ups, spread, an intervention. */
async function seedDashboard(db: Db, items: number): Promise<void> {
  await loadRatedItems(db, items, true);
  await sql`insert into pain_point_daily select * from pain_point_daily_recomputed`.execute(db);
  await rollUpFromDays(db);
  await loadSpreadFromMentions(db);
  await insertIntervention(db, {
    name: 'new-carrier',
    effectiveDay: '2025-10-06',
    stage: 'fulfilment',
    touchpoint: 'delivery',
    windowDays: 28,
    note: null,
  });
  await sql`vacuum analyze`.execute(db);
}

/** One warm-up run, then as many timed runs as fit BUDGET_MS (at least 3, at most RUNS). */
async function timeCall(call: string, targetMs: number, run: () => Promise<unknown>): Promise<DashboardCall> {
  const w = performance.now();
  await run();
  const runs = Math.max(3, Math.min(RUNS, Math.floor(BUDGET_MS / Math.max(1, performance.now() - w))));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { call, targetMs, runs, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printDashboard(d: Awaited<ReturnType<typeof benchDashboard>>): void {
  const loaded = d.loadS === null ? 'a kept database, seeded earlier' : `loaded in ${fmt(d.loadS)} s`;
  console.log(`\n## Dashboard calls over ${fmt(d.items)} items (${loaded})`);
  console.log(
    `${'call'.padEnd(34)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'target'.padStart(7)}  runs`,
  );
  for (const c of d.calls) {
    const verdict = c.p95Ms < c.targetMs ? 'ok' : 'SLOW';
    console.log(
      `${c.call.padEnd(34)} ${fmt(c.p50Ms, 1).padStart(9)} ${fmt(c.p95Ms, 1).padStart(9)} ${`< ${fmt(c.targetMs)}`.padStart(7)}  ${String(c.runs).padStart(4)}  ${verdict}`,
    );
  }
  if (!d.webBuilt) console.log('(dist/web was not built: the first page timed a 404 for /)');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { adminUrl, redisUrl } = findServices();
  const items = Number(process.env.BENCH_DASHBOARD_ITEMS ?? process.env.BENCH_QUERY_ITEMS ?? 10_000_000);
  const only = process.env.BENCH_DASHBOARD_CALLS?.split(',').filter(Boolean);
  const keptDb = process.env.BENCH_DASHBOARD_DB;
  printDashboard(await benchDashboard(adminUrl, redisUrl, items, { keptDb, ...(only ? { only } : {}) }));
}
