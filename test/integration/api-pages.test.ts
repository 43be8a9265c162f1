// The endpoints behind the dashboard's pain-point, alert, intervention and search pages, over real
// HTTP on the demo data (plus a few notes written to test the search) in a real Postgres: the API
// ranks pain points as `painmap pain-points` does (STAGE_WEIGHTS included), alerts and interventions
// take the heatmap's filters, verbatim search ranks, highlights, filters and pages, and every table
// comes back as CSV that parses to the JSON's rows, with formula cells neutralised.
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStageWeights } from '../../src/aggregate/stage-weights.js';
import { demoFiles } from '../../src/cli/demo.command.js';
import { printPainPoints } from '../../src/cli/pain-points.command.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import { fewMatch, searchItems } from '../../src/search/search-items.js';
import { insertIntervention } from '../../src/storage/analytics.repository.js';
import {
  API_TOKENS,
  auth,
  startTestServer,
  startTestWorkers,
  type TestServer,
  type TestWorkers,
  tokens,
} from './api-helpers.js';
import { createTestDb, type TestDb, testConfig } from './helpers.js';
import { ingestNotes, NOTES_A } from './search-notes.js';

let t: TestDb;
let server: TestServer;
let workers: TestWorkers;
const STAGE_WEIGHTS = 'fulfilment=1.5,onboarding/account_login=2';

beforeAll(async () => {
  t = await createTestDb();
  const config = testConfig({ API_TOKENS, RATE_LIMIT_PER_MINUTE: '10000', STAGE_WEIGHTS }, t.url);
  server = await startTestServer(config);
  workers = await startTestWorkers(config);
  const runIds = await ingestNotes(workers.rt);
  for (const file of demoFiles()) runIds.push((await ingestFile(workers.rt, { path: file })).runId);
  await waitForRuns(workers.rt, runIds, { timeoutMs: 240_000 });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await workers?.close();
  await t?.drop();
});

const get = async (path: string) => {
  const response = await fetch(`${server.url}${path}`, { headers: auth(tokens.read) });
  return { status: response.status, body: (await response.json()) as any };
};
const getCsv = async (path: string) => {
  const response = await fetch(`${server.url}${path}`, { headers: auth(tokens.read) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z-]+\.csv"$/);
  return parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
};
/** A JSON value as the CSV cell reads back: null → '', numbers and text as written. */
const cell = (value: unknown) => (value === null || value === undefined ? '' : String(value));

describe('pain points, alerts and interventions over HTTP', () => {
  it('ranks pain points as `painmap pain-points` does, with the STAGE_WEIGHTS of the configuration', async () => {
    const { body } = await get('/v1/pain-points?to=2026-06-07&top=10');
    expect(body.weights).toEqual({ fulfilment: 1.5, 'onboarding/account_login': 2 });
    let printed = '';
    const out = new Writable({
      write(chunk, _encoding, done) {
        printed += chunk;
        done();
      },
    });
    const weights = parseStageWeights(STAGE_WEIGHTS);
    await printPainPoints(
      t.db,
      { asOf: '2026-06-07', bucket: 'week', filter: {}, weights, top: 10, json: true },
      out,
    );
    const cli = JSON.parse(printed);
    expect(body.painPoints.map((p: any) => [p.stage, p.touchpoint, p.impact, p.weight])).toEqual(
      cli.painPoints.map((p: any) => [p.stage, p.touchpoint, p.impact, p.weight]),
    );
    expect(body.painPoints[0]).toMatchObject({ stage: 'fulfilment', touchpoint: 'delivery', weight: 1.5 });
  });

  it('answers pain points, the heatmap and the drivers as CSV with the JSON rows', async () => {
    const json = (await get('/v1/pain-points?to=2026-06-07&source=survey')).body;
    const csv = await getCsv('/v1/pain-points?to=2026-06-07&source=survey&format=csv');
    expect(json.painPoints.length).toBeGreaterThan(2);
    expect(csv.map((r) => [r.rank, r.stage, r.touchpoint, r.impact, r.impact_low, r.trend])).toEqual(
      json.painPoints.map((p: any) =>
        [p.rank, p.stage, p.touchpoint, p.impact, p.impactCi?.low, p.trend.direction].map(cell),
      ),
    );
    const heatmap = (await get('/v1/heatmap?bucket=month&segment=persona:business')).body;
    const heatmapCsv = await getCsv('/v1/heatmap?bucket=month&segment=persona:business&format=csv');
    const cells = heatmap.buckets.flatMap((b: any) =>
      b.cells
        .filter((c: any) => c.mentions > 0)
        .map((c: any) => [b.start, c.stage, c.touchpoint, c.negative]),
    );
    expect(heatmapCsv.map((r) => [r.bucket_start, r.stage, r.touchpoint, Number(r.negative)])).toEqual(cells);
    const drivers = (await get('/v1/drivers?from=2026-06-01&to=2026-06-30')).body;
    const driversCsv = await getCsv('/v1/drivers?from=2026-06-01&to=2026-06-30&format=csv');
    expect(driversCsv.map((r) => [r.source, r.stage, r.touchpoint, r.impact])).toEqual(
      drivers.scores.flatMap((s: any) =>
        s.drivers.map((d: any) => [s.source, d.stage, d.touchpoint, cell(d.impact)]),
      ),
    );
  });

  it('finds the carrier-change alert with its test, effect size and q-value, filters it, and stores nothing', async () => {
    const { body } = await get('/v1/alerts?to=2026-06-07');
    expect(body.period).toEqual({ from: '2026-06-01', to: '2026-06-07' });
    const delivery = body.alerts.find((a: any) => a.stage === 'fulfilment' && a.touchpoint === 'delivery');
    expect(delivery).toMatchObject({ test: expect.stringMatching(/^(share|volume)$/) });
    expect(delivery.qValue).toBeLessThan(0.001);
    expect(delivery.rateRatio).toBeGreaterThan(2);
    const csv = await getCsv('/v1/alerts?to=2026-06-07&format=csv');
    expect(csv.map((r) => [r.stage, r.touchpoint, r.test, r.rate_ratio, r.q_value])).toEqual(
      body.alerts.map((a: any) => [a.stage, a.touchpoint, a.test, a.rateRatio, a.qValue].map(cell)),
    );
    const none = (await get('/v1/alerts?to=2026-06-07&source=notes-a')).body;
    expect(none.filter).toEqual({ source: 'notes-a' });
    expect(none.alerts).toEqual([]);
    const stored = await sql<{ n: number }>`select count(*)::int as n from emerging_pain_points`.execute(
      t.db,
    );
    expect(stored.rows[0]!.n).toBe(0);
    const refused = await get('/v1/alerts?from=2026-06-01&to=2026-06-07');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.issues)).toContain('leave out `from`');
  });

  it('measures an intervention against the untouched cells, per source, as JSON and CSV', async () => {
    await insertIntervention(t.db, {
      name: 'carrier change',
      effectiveDay: '2026-06-01',
      stage: 'fulfilment',
      touchpoint: 'delivery',
      windowDays: 28,
      note: null,
    });
    const { body } = await get('/v1/interventions');
    expect(body.interventions).toHaveLength(1);
    const [effect] = body.interventions;
    expect(effect.verdict).toBe('worse');
    expect(effect.target.after.negativeRate).toBeGreaterThan(effect.target.before.negativeRate);
    const csv = await getCsv('/v1/interventions?format=csv');
    expect(
      csv.map((r) => [r.name, r.verdict, r.target_change, r.control_change, r.difference_in_differences]),
    ).toEqual([
      [
        effect.intervention.name,
        effect.verdict,
        effect.target.change.estimate,
        effect.control.change.estimate,
        effect.differenceInDifferences.estimate,
      ].map(cell),
    ]);
    const notes = (await get('/v1/interventions?source=notes-a')).body.interventions[0];
    expect(notes.target.after.mentions).toBe(0);
    expect(notes.verdict).toBe('not enough data');
    expect((await get('/v1/interventions?from=2026-06-02')).body.interventions).toEqual([]);
  });
});

describe('verbatim search over HTTP', () => {
  const search = async (query: string) => (await get(`/v1/search?${query}`)).body;
  const ids = (body: any) => body.results.map((r: any) => r.externalId);

  // First, so that the searches after it run on analysed statistics, as a live database does.
  it('takes the few matches of a word Postgres has no statistics for from the text index alone', async () => {
    await sql`analyze feedback_items`.execute(t.db);
    // The planner guesses 0.5% of the items for 'zebra' (it matches nothing) and for a common word
    // under a narrow filter; 'delivery' alone it knows to be common, and walks the day index for it.
    const rows = (await sql<{ n: number }>`select count(*)::int as n from feedback_items`.execute(t.db))
      .rows[0]!.n;
    expect(await fewMatch(t.db, { q: 'zebra' }, 1000, rows)).toBe(true);
    expect(await fewMatch(t.db, { q: 'late delivery', filter: { source: 'notes-a' } }, 1000, rows)).toBe(
      true,
    );
    expect(await fewMatch(t.db, { q: 'delivery' }, 1000, rows)).toBe(false);
    expect(await searchItems(t.db, { q: 'zebra' })).toMatchObject({
      total: 0,
      totalCapped: false,
      results: [],
    });
    // The same items in the same order as ranking every match in SQL.
    const ranked = await sql<{ external_id: string }>`
      select external_id from feedback_items i
      where i.text_search @@ websearch_to_tsquery('english'::regconfig, 'late delivery') and source = 'notes-a'
      order by ts_rank_cd(i.text_search, websearch_to_tsquery('english'::regconfig, 'late delivery')) desc,
               received_day desc, id desc`.execute(t.db);
    const found = await searchItems(t.db, { q: 'late delivery', filter: { source: 'notes-a' } });
    expect(found.results.map((r) => r.externalId)).toEqual(ranked.rows.map((r) => r.external_id));
    expect(found.total).toBe(4);
  });

  it('ranks the items with the words close together above those with the words far apart', async () => {
    const body = await search('q=late%20delivery&source=notes-a');
    expect(body.tsquery).toBe("'late' & 'deliveri'");
    expect(new Set(ids(body))).toEqual(new Set(['a-1', 'a-3', 'a-4', 'a-6']));
    expect(ids(body).at(-1)).toBe('a-6');
    const ranks = body.results.map((r: any) => r.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it('marks every matching word, and only those, in the stored text as it is (markup included)', async () => {
    const body = await search('q=late%20delivery&source=notes-a');
    for (const r of body.results) {
      const stored = NOTES_A.find(([id]) => id === r.externalId)![2];
      expect(r.text).toBe(stored);
      const marked = r.highlights.map((h: any) => r.text.slice(h.start, h.end).toLowerCase());
      expect(marked.length).toBeGreaterThan(1);
      for (const word of marked) expect(['late', 'delivery']).toContain(word);
      const all = [...r.text.toLowerCase().matchAll(/\b(late|delivery)\b/g)].length;
      expect(marked).toHaveLength(all);
    }
    const script = body.results.find((r: any) => r.externalId === 'a-3');
    expect(script.text.startsWith("<script>alert('x')</script>")).toBe(true);
  });

  it('takes the heatmap filters: source, segment and period', async () => {
    expect(ids(await search('q=delivery%20late&segment=desk:free')).sort()).toEqual(['b-1', 'b-2']);
    expect(ids(await search('q=delivery%20late&segment.desk=pro&to=2026-03-04')).sort()).toEqual([
      'a-1',
      'a-3',
    ]);
    expect(ids(await search('q=delivery%20late&source=notes-b&from=2026-04-01'))).toEqual(['b-2']);
    expect((await search('q=%22password%20reset%22&source=notes-a')).results[0].externalId).toBe('a-5');
  });

  it('pages through the results with the total of all pages', async () => {
    const all = await search('q=late%20delivery&segment=desk:pro&pageSize=100');
    const second = await search('q=late%20delivery&segment=desk:pro&pageSize=2&page=2');
    expect(second.total).toBe(all.total);
    expect(ids(second)).toEqual(ids(all).slice(2, 4));
    const past = await search('q=late%20delivery&segment=desk:pro&pageSize=2&page=9');
    expect(past).toMatchObject({ total: all.total, results: [] });
  });

  it('ranks only the newest matches past the rank limit, and says the total stops there', async () => {
    const options = { q: 'late delivery', filter: { source: 'notes-a' } };
    const all = await searchItems(t.db, options);
    expect(all).toMatchObject({ total: 4, totalCapped: false });
    const capped = await searchItems(t.db, { ...options, rankLimit: 2 });
    expect(capped).toMatchObject({ total: 2, totalCapped: true });
    // a-6 and a-4 are the newest two of a-1, a-3, a-4, a-6; in the order the full ranking gives them.
    const order = ids(all).filter((id: string) => id === 'a-4' || id === 'a-6');
    expect(ids(capped)).toEqual(order);
    expect(capped.results).toEqual(all.results.filter((r) => order.includes(r.externalId)));
    const past = await searchItems(t.db, { ...options, rankLimit: 2, page: 3, pageSize: 1 });
    expect(past).toMatchObject({ total: 2, totalCapped: true, results: [] });
    expect((await search('q=late%20delivery&source=notes-a')).totalCapped).toBe(false);
  });

  it('refuses a search with no word to look for, saying why', async () => {
    for (const q of ['the', '-late', '%20', 'late%00']) {
      const { status, body } = await get(`/v1/search?q=${q}`);
      expect(status).toBe(400);
      expect(body.message + JSON.stringify(body.issues ?? [])).toMatch(
        /no word to search|give the words|NUL character/,
      );
    }
  });

  it('exports the page as CSV equal to the JSON rows, with the formula cell neutralised', async () => {
    const json = await search('q=late%20delivery&source=notes-a');
    const csv = await getCsv('/v1/search?q=late%20delivery&source=notes-a&format=csv');
    expect(csv.map((r) => [r.external_id, r.day, r.stage, r.sentiment, r.text])).toEqual(
      json.results.map((r: any) => [
        r.externalId,
        r.day,
        r.stage,
        r.sentiment.label,
        r.text.startsWith('=') ? `'${r.text}` : r.text,
      ]),
    );
    expect(csv.find((r) => r.external_id === 'a-4')!.text).toMatch(/^'=HYPERLINK/);
  });
});

describe('painmap search', () => {
  async function runCli(args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'search', ...args], {
      env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent', NO_COLOR: '1' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
  }

  // Each run starts a process (tsx compiles the CLI): slow on a busy 2-core machine.
  it('prints the API’s results as JSON, CSV and text, and refuses stop words', {
    timeout: 180_000,
  }, async () => {
    const api = (await get('/v1/search?q=late%20delivery&segment=desk:pro&to=2026-03-05')).body;
    const args = ['late', 'delivery', '--segment', 'desk=pro', '--to', '2026-03-05'];
    const [json, csv, text, none] = await Promise.all([
      runCli([...args, '--json']),
      runCli([...args, '--csv']),
      runCli(args),
      runCli(['the']),
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(api);
    const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.external_id)).toEqual(api.results.map((r: any) => r.externalId));
    expect(text.stdout).toContain(`${api.total} item(s) match 'late' & 'deliveri'`);
    expect(text.stdout).toContain('The »delivery« was »late«, »late« again');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('has no word to search for');
  });
});
