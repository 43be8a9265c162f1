// What drives the score, against a real Postgres: synthetic rated responses with a planted driver
// (respondents complaining about delivery rate lower), through the query, the SQL view, the API and
// the CLI — each equal to a recomputation respondent by respondent from the items written.
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellFilter } from '../../src/aggregate/cell-days.query.js';
import { pointsOf, rankDrivers } from '../../src/aggregate/drivers.format.js';
import { listDrivers } from '../../src/aggregate/drivers.js';
import { type DriverCounts, driverCountsSql, queryDriverCounts } from '../../src/aggregate/drivers.query.js';
import type { Period } from '../../src/aggregate/periods.js';
import { seededRandom } from '../../src/aggregate/stats/prng.js';
import { printDrivers } from '../../src/cli/drivers.command.js';
import type { ItemRow } from '../../src/storage/items.repository.js';
import { writeTaggedItems } from '../../src/storage/items.repository.js';
import { API_TOKENS, auth, startTestServer, type TestServer, tokens } from './api-helpers.js';
import { createScratchDb, createTestDb, itemRow, mentionRow, type TestDb, testConfig } from './helpers.js';

const JUNE = { from: '2026-06-01', to: '2026-06-30' };
const APRIL = { from: '2026-04-01', to: '2026-04-30' };

interface Rated {
  source: string;
  scale: string;
  id: string;
  day: string;
  rating: number;
  customer: string | null;
  plan: string;
  /** Negative mentions per cell (`stage/touchpoint`), all in the response's second answer if it has one. */
  complaints: Record<string, number>;
  /** A survey with two open questions: the items `<id>` and `<id>#why`, one rating. */
  twoAnswers: boolean;
}

function makeResponses(): Rated[] {
  const random = seededRandom(2026);
  const out: Rated[] = [];
  const add = (source: string, scale: string, n: number, month: string, rate: () => number, drop: number) => {
    for (let i = 0; i < n; i++) {
      const delivery = random() < 0.25;
      const checkout = random() < 0.15;
      const lowest = scale === 'nps' ? 0 : 1;
      const complaints: Record<string, number> = {};
      if (delivery) complaints['fulfilment/delivery'] = i % 7 === 0 ? 2 : 1;
      if (checkout) complaints['purchase/checkout'] = 1;
      out.push({
        source,
        scale,
        id: `${source}-${month}-${i}`,
        day: `2026-${month}-${String(1 + (i % 28)).padStart(2, '0')}`,
        rating: Math.max(lowest, rate() - (delivery ? drop : 0)),
        customer: i % 9 === 0 ? null : `C-${i % 250}`,
        plan: i % 3 === 0 ? 'pro' : 'free',
        complaints,
        twoAnswers: source === 'survey' && i % 5 === 0,
      });
    }
  };
  const nps = () => Math.min(10, 5 + Math.floor(random() * 7));
  const stars = () => 3 + Math.floor(random() * 3);
  add('survey', 'nps', 400, '06', nps, 4);
  add('survey', 'nps', 80, '05', nps, 0);
  add('app-review', 'stars5', 150, '06', stars, 2);
  return out;
}

function item(r: Rated, externalId: string, cells: Record<string, number>, n: number): ItemRow {
  const text = `answer ${externalId}`;
  const complaints = Object.entries(cells).flatMap(([cell, k]) => Array.from({ length: k }, () => cell));
  const mentions = (complaints.length > 0 ? complaints : ['usage/product']).map((cell, ordinal) => {
    const [stage, touchpoint] = cell.split('/') as [string, string];
    const label = complaints.length > 0 ? 'negative' : 'positive';
    const score = label === 'negative' ? -0.6 : 0.5;
    return mentionRow({ ordinal, start: 0, end: text.length, stage, touchpoint, label, score });
  });
  return itemRow({
    source: r.source,
    externalId,
    contentHash: `${externalId}-${n}`,
    day: r.day,
    text,
    rating: r.rating,
    ratingScale: r.scale,
    channel: null,
    customerId: r.customer,
    segmentJson: JSON.stringify({ plan: r.plan }),
    taxonomyVersion: 't',
    taggerVersion: 'g',
    mentions,
  });
}

function itemsOf(responses: readonly Rated[]): ItemRow[] {
  return responses.flatMap((r, n) =>
    r.twoAnswers
      ? [item(r, r.id, {}, n), item(r, `${r.id}#why`, r.complaints, n)]
      : [item(r, r.id, r.complaints, n)],
  );
}

/** A ticket with no rating that complains about delivery: no score's respondent (and the last day with data). */
const ticket = (i: number): ItemRow => ({
  ...item(
    { ...responses[0]!, source: 'support-ticket', id: `T-${i}`, day: '2026-06-30' },
    `T-${i}`,
    { 'fulfilment/delivery': 1 },
    i,
  ),
  rating: null,
  ratingScale: null,
});

/** The remove-theme numbers recomputed from the responses themselves. */
function expected(responses: readonly Rated[], source: string, cell: string) {
  const of = responses.filter((r) => r.source === source && r.day >= JUNE.from && r.day <= JUNE.to);
  const metric = of[0]!.scale === 'nps' ? 'nps' : 'mean_rating';
  const mean = (rs: readonly Rated[]) => rs.reduce((s, r) => s + pointsOf(metric, r.rating), 0) / rs.length;
  const affected = of.filter((r) => cell in r.complaints);
  const rest = of.filter((r) => !(cell in r.complaints));
  const customers = (rs: readonly Rated[]) => new Set(rs.map((r) => r.customer).filter(Boolean)).size;
  return {
    respondents: of.length,
    score: mean(of),
    impact: mean(rest) - mean(of),
    affected: affected.length,
    mentions: affected.reduce((s, r) => s + r.complaints[cell]!, 0),
    reach: {
      customers: customers(affected),
      ofCustomers: customers(of),
      anonymousRespondents: affected.filter((r) => r.customer === null).length,
    },
  };
}

const CELLS = ['fulfilment/delivery', 'purchase/checkout', 'support/live_chat', 'usage/product'];

/**
 * April: responses of two or three items (`A-i`, `A-i#why`, `A-i#more`) whose complaints fall in
 * several of them (the same cell twice, or different cells), anonymous respondents, plan × region
 * segments, and respondents whose later answers form another response (another instant or rating).
 */
function aprilItems(): ItemRow[] {
  const random = seededRandom(404);
  const rows: ItemRow[] = [];
  const pick = () => CELLS[Math.floor(random() * CELLS.length)]!;
  for (let i = 0; i < 300; i++) {
    const source = i % 4 === 0 ? 'app-review' : 'survey';
    const scale = source === 'survey' ? 'nps' : 'stars5';
    const day = `2026-04-${String(1 + (i % 30)).padStart(2, '0')}`;
    const parts = ['', '#why', '#more'].slice(0, 1 + (i % 3));
    const base = {
      source,
      day,
      ratingScale: scale,
      rating: scale === 'nps' ? Math.floor(random() * 11) : 1 + Math.floor(random() * 5),
      customerId: i % 7 === 0 ? null : `C-${i % 60}`,
      segmentJson: JSON.stringify({
        plan: i % 3 === 0 ? 'pro' : 'free',
        region: i % 2 === 0 ? 'north' : 'south',
      }),
    };
    parts.forEach((part, k) => {
      const cells = random() < 0.5 ? [] : random() < 0.3 ? [pick(), pick(), pick()] : [pick()];
      const externalId = `A-${i}${part}`;
      const mentions = (cells.length > 0 ? cells : ['usage/product']).map((cell, ordinal) => {
        const [stage, touchpoint] = cell.split('/') as [string, string];
        const label = cells.length > 0 ? 'negative' : 'positive';
        return mentionRow({ ordinal, stage, touchpoint, label, score: label === 'negative' ? -0.6 : 0.5 });
      });
      // Every fifth three-part response's last answer came an hour later: a response of its own.
      const later = k === 2 && i % 5 === 0;
      // Every eleventh response's second answer carries another rating: another response too.
      const rating = k === 1 && i % 11 === 0 ? Math.max(0, base.rating - 1) : base.rating;
      const receivedAt = `${day}T${later ? '11' : '10'}:00:00.000Z`;
      rows.push(itemRow({ ...base, rating, externalId, receivedAt, mentions }));
    });
  }
  return rows;
}

/** What painmap drivers read before migration 0022: score_item_cells, grouped per response (reference). */
async function queryDriverCountsFromView(period: Period, filter: CellFilter = {}): Promise<DriverCounts> {
  const source = filter.source ? sql`and source = ${filter.source}` : sql``;
  const segment = filter.segment ? sql`and segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``;
  const rows = await sql<{
    source: string;
    scale: string;
    stage: string | null;
    touchpoint: string | null;
    rating: number | null;
    respondents: number;
    mentions: number;
    anonymous: number;
    customers: number;
  }>`
      with responses as materialized (
        select source, rating_scale, rating, customer_id, stage, touchpoint,
               case when grouping(stage) = 0 then sum(negative_mentions) else 0 end::int as mentions
        from score_item_cells
        where received_day between ${period.from}::date and ${period.to}::date
          ${source} ${segment}
        group by grouping sets ((source, respondent, received_at, rating_scale, rating, customer_id),
                                (source, respondent, received_at, rating_scale, rating, customer_id, stage, touchpoint))
        having grouping(stage) = 1 or stage is not null
      )
      select source, rating_scale as scale, stage, touchpoint, rating, count(*)::int as respondents,
             coalesce(sum(mentions), 0)::int as mentions, (count(*) filter (where customer_id is null))::int as anonymous,
             0 as customers
      from responses group by source, rating_scale, stage, touchpoint, rating
      union all
      select source, rating_scale, stage, touchpoint, null, 0, 0, 0, count(customer_id)::int
      from (select distinct source, rating_scale, stage, touchpoint, customer_id from responses) d
      group by source, rating_scale, stage, touchpoint`.execute(t.db);
  const counts: DriverCounts = { ratings: [], reach: [] };
  for (const { customers, ...row } of rows.rows) {
    if (row.rating === null) {
      const { source, scale, stage, touchpoint } = row;
      counts.reach.push({ source, scale, stage, touchpoint, customers });
    } else counts.ratings.push({ ...row, rating: row.rating });
  }
  return counts;
}

/** Rows in one order, to compare two readings whatever order each returned them in. */
const sorted = (counts: DriverCounts) => {
  const order = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
  return { ratings: order(counts.ratings), reach: order(counts.reach) };
};

let t: TestDb;
let server: TestServer;
const responses = makeResponses();

beforeAll(async () => {
  t = await createTestDb();
  const rows = [...itemsOf(responses), ...Array.from({ length: 30 }, (_, i) => ticket(i)), ...aprilItems()];
  await t.db.transaction().execute(async (trx) => {
    await writeTaggedItems(trx, rows);
  });
  server = await startTestServer(testConfig({ API_TOKENS, RATE_LIMIT_PER_MINUTE: '10000' }, t.url));
}, 60_000);
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe('drivers from the database', () => {
  it('counts each response once and equals a recomputation respondent by respondent', async () => {
    const report = (await listDrivers(t.db, { ...JUNE }))!;
    expect(report.scores.map((s) => [s.source, s.scale, s.metric])).toEqual([
      ['survey', 'nps', 'nps'],
      ['app-review', 'stars5', 'mean_rating'],
    ]);
    for (const score of report.scores) {
      for (const cell of ['fulfilment/delivery', 'purchase/checkout']) {
        const want = expected(responses, score.source, cell);
        const driver = score.drivers.find((d) => `${d.stage}/${d.touchpoint}` === cell)!;
        expect(score.respondents).toBe(want.respondents);
        expect(score.score).toBeCloseTo(want.score, 3);
        expect(driver.impact).toBeCloseTo(want.impact, 3);
        expect(driver.respondents).toBe(want.affected);
        expect(driver.mentions).toBe(want.mentions);
        expect(driver.reach).toEqual(want.reach);
      }
    }
  });

  it('ranks the planted driver first with an interval above zero; the cell of no effect straddles zero', async () => {
    const [survey] = (await listDrivers(t.db, { ...JUNE }))!.scores;
    const [first] = survey!.drivers;
    expect(first).toMatchObject({ rank: 1, stage: 'fulfilment', touchpoint: 'delivery' });
    expect(first!.impactCi!.low).toBeGreaterThan(0);
    const checkout = survey!.drivers.find((d) => d.touchpoint === 'checkout')!;
    expect(checkout.impactCi!.low).toBeLessThan(0);
    expect(checkout.impactCi!.high).toBeGreaterThan(0);
  });

  it('filters by source and segment, and takes the last whole month with data by default', async () => {
    const survey = (await listDrivers(t.db, { ...JUNE, filter: { source: 'survey' } }))!;
    expect(survey.scores.map((s) => s.source)).toEqual(['survey']);
    const pro = (await listDrivers(t.db, { ...JUNE, filter: { segment: { plan: 'pro' } } }))!;
    const proResponses = responses.filter((r) => r.plan === 'pro');
    const want = expected(proResponses, 'survey', 'fulfilment/delivery');
    const delivery = pro.scores[0]!.drivers.find((d) => d.touchpoint === 'delivery')!;
    expect(pro.scores[0]!.respondents).toBe(want.respondents);
    expect(delivery.impact).toBeCloseTo(want.impact, 3);
    const latest = (await listDrivers(t.db, {}))!;
    expect(latest.period).toEqual(JUNE);
  });

  it('score_drivers_monthly gives the same point estimates in SQL', async () => {
    const report = (await listDrivers(t.db, { ...JUNE }))!;
    const rows = await sql<{
      source: string;
      stage: string;
      touchpoint: string;
      respondents: number;
      score: string;
      impact: string;
      score_without: string;
      affected_respondents: number;
      negative_mentions: number;
      customers: number;
      rank: number;
    }>`select * from score_drivers_monthly where bucket_start = '2026-06-01'`.execute(t.db);
    const drivers = report.scores.flatMap((s) => s.drivers.map((d) => ({ s, d })));
    expect(rows.rows).toHaveLength(drivers.length);
    for (const { s, d } of drivers) {
      const row = rows.rows.find(
        (r) => r.source === s.source && r.stage === d.stage && r.touchpoint === d.touchpoint,
      )!;
      expect(Number(row.score)).toBeCloseTo(s.score, 3);
      expect(Number(row.impact)).toBeCloseTo(d.impact!, 3);
      expect(Number(row.score_without)).toBeCloseTo(d.scoreWithout!, 3);
      expect(row).toMatchObject({
        respondents: s.respondents,
        affected_respondents: d.respondents,
        negative_mentions: d.mentions,
        customers: d.reach.customers,
        rank: d.rank,
      });
    }
  });
});

describe('GET /v1/drivers', () => {
  const get = (path: string, token: string | null = tokens.read) =>
    fetch(`${server.url}${path}`, token ? { headers: auth(token) } : {});

  it('answers a read token with the same report, filtered like the other queries', async () => {
    const res = await get('/v1/drivers?from=2026-06-01&to=2026-06-30&top=50');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(
      JSON.parse(JSON.stringify(await listDrivers(t.db, { ...JUNE, top: 50 }))),
    );
    const pro = (await (
      await get('/v1/drivers?from=2026-06-01&to=2026-06-30&segment=plan:pro&source=survey')
    ).json()) as {
      scores: Array<{ source: string; respondents: number }>;
    };
    expect(pro.scores).toHaveLength(1);
    expect(pro.scores[0]!.respondents).toBe(
      expected(
        responses.filter((r) => r.plan === 'pro'),
        'survey',
        'x',
      ).respondents,
    );
  });

  it('refuses no token (401), a reversed period and a bad top (400), and is in the OpenAPI document', async () => {
    expect((await get('/v1/drivers', null)).status).toBe(401);
    const reversed = await get('/v1/drivers?from=2026-06-30&to=2026-06-01');
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(await reversed.json())).toContain('from must be on or before to');
    expect((await get('/v1/drivers?top=0')).status).toBe(400);
    const doc = (await (await fetch(`${server.url}/docs/json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/v1/drivers');
  });
});

describe('painmap drivers', () => {
  async function runCli(args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'drivers', ...args], {
      env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
  }

  // Each run starts a process (tsx compiles the CLI): slow on a busy 2-core machine.
  it('prints JSON equal to the API’s, and the table', { timeout: 180_000 }, async () => {
    const json = await runCli(['--from', '2026-06-01', '--to', '2026-06-30', '--json', '--top', '50']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(
      JSON.parse(JSON.stringify(await listDrivers(t.db, { ...JUNE, top: 50 }))),
    );
    const table = await runCli(['--from', '2026-06-01', '--to', '2026-06-30', '--source', 'survey']);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe('What drives the score, 2026-06-01 … 2026-06-30');
    const title = lines.findIndex((l) => l.startsWith('survey: NPS'));
    expect(title).toBeGreaterThan(0);
    expect(lines[title + 1]).toMatch(/rank\s+cell\s+impact/);
    expect(lines[title + 2]).toMatch(/^\s+1\s+fulfilment × delivery\s+\+\d+\.\d \[\+\d+\.\d, \+\d+\.\d\]/);
    expect(table.stdout).not.toContain('app-review');
  });

  it('prints CSV, one row per driver', async () => {
    const out = new PassThrough();
    const text = new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      out.on('data', (c) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString()));
    });
    await printDrivers(t.db, { ...JUNE, bucket: 'month', filter: {}, top: 1, csv: true }, out);
    out.end();
    const [head, first, ...rest] = (await text).trim().split('\n');
    expect(head!.split(',').slice(0, 4)).toEqual(['period_start', 'period_end', 'source', 'scale']);
    expect(first!.split(',').slice(2, 12)).toEqual([
      'survey',
      'nps',
      'nps',
      expect.any(String),
      expect.any(String),
      expect.any(String),
      '400',
      '1',
      'fulfilment',
      'delivery',
    ]);
    // --top 1: the first driver of each score (survey NPS, then the app-review stars).
    expect(rest.map((r) => r.split(',')[2])).toEqual(['app-review']);
  });

  it('refuses half a period with a message saying what to give', { timeout: 120_000 }, async () => {
    const half = await runCli(['--from', '2026-06-01']);
    expect(half.code).not.toBe(0);
    expect(half.stderr).toContain('Give both --from and --to, or neither.');
  });
});

describe('the drivers query', () => {
  const periods: Array<[string, Period]> = [
    ['April', APRIL],
    ['June', JUNE],
    ['April to June', { from: APRIL.from, to: JUNE.to }],
    ['a week of April', { from: '2026-04-06', to: '2026-04-12' }],
  ];
  const filters: Array<[string, CellFilter]> = [
    ['no filter', {}],
    ['a source', { source: 'survey' }],
    ['a segment', { segment: { plan: 'pro' } }],
    ['a source and a two-key segment', { source: 'app-review', segment: { plan: 'free', region: 'north' } }],
  ];

  it('counts what the per-response reading of score_item_cells counts, in every period and filter', async () => {
    let compared = 0;
    for (const [, period] of periods)
      for (const [, filter] of filters) {
        const counts = await queryDriverCounts(t.db, period, filter);
        const reference = await queryDriverCountsFromView(period, filter);
        expect(sorted(counts)).toEqual(sorted(reference));
        if (reference.ratings.length > 0) compared++;
      }
    // Only June's plan-only segments miss the region filter.
    expect(compared).toBe(periods.length * filters.length - 1);
  });

  it('ranks the same drivers with the same intervals as the reference for the same seed', async () => {
    for (const [, period] of periods) {
      const report = (await listDrivers(t.db, { ...period, seed: 7, iterations: 200 }))!;
      const reference = rankDrivers(await queryDriverCountsFromView(period), { seed: 7, iterations: 200 });
      expect(report.scores).toEqual(reference);
    }
    // April's multi-answer responses are in it: more items than responses, and complaints in several.
    const april = await queryDriverCounts(t.db, APRIL);
    const responses = april.ratings.filter((r) => r.stage === null).reduce((n, r) => n + r.respondents, 0);
    expect(responses).toBeGreaterThan(300);
    expect(responses).toBeLessThan(600);
    expect(april.ratings.some((r) => r.stage !== null && r.anonymous > 0)).toBe(true);
  });

  it('finds every column it reads in two indexes, and joins mentions by hash, with no probe per item', async () => {
    // Index-only scans are possible only when an index holds every column the query reads; with the
    // other paths off, the plan shows whether the two indexes of migration 0022 do.
    await sql`vacuum analyze feedback_items`.execute(t.db);
    await sql`vacuum analyze feedback_mentions`.execute(t.db);
    const plan = await t.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      await sql`set local enable_bitmapscan = off`.execute(trx);
      await sql`set local enable_nestloop = off`.execute(trx);
      const rows = await sql<{ 'QUERY PLAN': string }>`explain ${driverCountsSql(APRIL, {})}`.execute(trx);
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Only Scan using \S+ on feedback_items_p/);
    expect(plan).toMatch(/Index Only Scan using \S+ on feedback_mentions_p/);
    expect(plan).toContain('Hash Join');
  });
});

describe('migration 0011', () => {
  it('goes down and up again, leaving the views and indexes as they were', async () => {
    const scratch = await createScratchDb();
    const objects = async () =>
      (
        await sql<{ name: string }>`
          select viewname as name from pg_views where viewname like 'score\_%'
          union all select indexname from pg_indexes
          where indexname in ('feedback_items_rated_day_idx', 'feedback_mentions_negative_idx')
          order by 1`.execute(scratch.db)
      ).rows.map((r) => r.name);
    try {
      expect((await scratch.migrator.migrateToLatest()).error).toBeUndefined();
      const all = await objects();
      // The four views: 0022 replaced both indexes.
      expect(all).toHaveLength(4);
      expect((await scratch.migrator.migrateTo('0009_source_name_and_question')).error).toBeUndefined();
      expect(await objects()).toEqual([]);
      expect((await scratch.migrator.migrateToLatest()).error).toBeUndefined();
      expect(await objects()).toEqual(all);
    } finally {
      await scratch.drop();
    }
  });
});

describe('migration 0022', () => {
  it('replaces the two indexes of 0011 by a covering one of rated items and negative mentions by day, and goes back', async () => {
    const scratch = await createScratchDb();
    const indexes = async () =>
      (
        await sql<{ name: string }>`
          select indexname as name from pg_indexes
          where indexname in ('feedback_items_rated_day_idx', 'feedback_items_rated_cover_idx',
                              'feedback_mentions_negative_idx', 'feedback_mentions_negative_day_idx')
          order by 1`.execute(scratch.db)
      ).rows.map((r) => r.name);
    try {
      expect((await scratch.migrator.migrateToLatest()).error).toBeUndefined();
      expect(await indexes()).toEqual([
        'feedback_items_rated_cover_idx',
        'feedback_mentions_negative_day_idx',
      ]);
      expect((await scratch.migrator.migrateTo('0020_views_join_on_day')).error).toBeUndefined();
      expect(await indexes()).toEqual(['feedback_items_rated_day_idx', 'feedback_mentions_negative_idx']);
      expect((await scratch.migrator.migrateToLatest()).error).toBeUndefined();
      expect(await indexes()).toEqual([
        'feedback_items_rated_cover_idx',
        'feedback_mentions_negative_day_idx',
      ]);
    } finally {
      await scratch.drop();
    }
  });
});
