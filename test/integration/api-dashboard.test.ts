// The web dashboard in real headless Chromium against a real server on demo data. The journey map
// (the default page) shows the planted stories without a chosen cell, the drivers page ranks
// fulfilment × delivery first for NPS in June (after the carrier change); every page is opened through
// its URL and a deep link restores its state (period, segment, a second segment to compare, the
// heatmap's metric, bucket, period and cell); the heatmap draws one cell per stage × touchpoint with
// mentions, a click shows the cell's quotes with highlighted evidence, and an uploaded CSV comes back
// with its row-error report. All of it under the server's Content-Security-Policy with no console
// error and no CSP violation, and no serious or critical axe-core violation on any page; the token
// stays in the tab's sessionStorage, never in localStorage. The OpenAPI page renders under the
// policy too. The README's screenshots come from the zero-setup demo (zero-setup-dashboard.test.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFiles } from '../../src/cli/demo.command.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import {
  API_TOKENS,
  auth,
  startTestServer,
  startTestWorkers,
  type TestServer,
  type TestWorkers,
  tokens,
} from './api-helpers.js';
import { ARGS, CHROMIUM, seriousAccessibilityViolations, watchProblems } from './browser-helpers.js';
import { createTestDb, type TestDb, testConfig } from './helpers.js';

if (!existsSync(CHROMIUM)) {
  console.warn(`Skipping the dashboard browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);
}

const JOURNEY_DRAWN = '#journey-chart[data-rendered="1"]';
const lane = (segment: number, name: string, stage: string) =>
  `#journey-lanes tbody[data-segment="${segment}"] tr[data-lane="${name}"] td[data-stage="${stage}"]`;

describe.skipIf(!existsSync(CHROMIUM))('the web dashboard in headless Chromium', () => {
  let t: TestDb;
  let server: TestServer;
  let workers: TestWorkers;
  let browser: Browser;

  beforeAll(async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'painmap-web-'));
    execFileSync(process.execPath, ['scripts/build-web.mjs', webRoot], { stdio: 'pipe' });
    t = await createTestDb();
    const config = testConfig({ API_TOKENS }, t.url);
    server = await startTestServer(config, webRoot);
    workers = await startTestWorkers(config);
    const runIds: number[] = [];
    for (const file of demoFiles()) runIds.push((await ingestFile(workers.rt, { path: file })).runId);
    await waitForRuns(workers.rt, runIds, { timeoutMs: 240_000 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await workers?.close();
    await t?.drop();
  });

  const api = async (path: string) =>
    (await (await fetch(`${server.url}${path}`, { headers: auth(tokens.read) })).json()) as any;
  const hasTouchpoint = (
    segment: number,
    name: string,
    stage: string,
    touchpoint: string,
    direction: string,
  ) => `${lane(segment, name, stage)} li[data-touchpoint="${touchpoint}"][data-direction="${direction}"]`;

  it('opens on the journey map, which shows the planted stories without a chosen cell', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1200 } });
    const problems = await watchProblems(page);
    await page.goto(server.url);
    expect(await page.textContent('#status')).toContain('Enter a token');
    await page.fill('#token', tokens.read);
    await page.click('#token-form button');
    await page.waitForSelector(JOURNEY_DRAWN, { timeout: 20_000 });
    const journey = await api('/v1/journey');
    const stages = await page
      .locator('#journey-lanes thead th[data-stage]')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-stage')));
    expect(stages).toEqual(journey.stages.map((s: any) => s.stage));
    for (const stage of journey.stages) {
      expect(await page.textContent(lane(0, 'volume', stage.stage))).toContain(
        `${stage.current.mentions} mentions`,
      );
    }
    expect(await page.textContent('#status')).toContain(
      '2026-05-25 … 2026-08-23 (13 weeks) against 2026-02-23 … 2026-05-24',
    );
    // The carrier change: fulfilment marked worse on the curve and in its lane, delivery its top
    // pain point (quoted, evidence marked) and the cell that changed.
    expect((await page.getAttribute('#journey-chart', 'data-marks'))!.split(' ')).toContain(
      'fulfilment:worse',
    );
    expect(await page.getAttribute(lane(0, 'emotion', 'fulfilment'), 'data-direction')).toBe('worse');
    const top = page.locator(`${lane(0, 'pain', 'fulfilment')} li`).first();
    expect(await top.getAttribute('data-touchpoint')).toBe('delivery');
    expect(await top.locator('q mark').count()).toBeGreaterThan(0);
    expect(await page.locator(hasTouchpoint(0, 'changes', 'fulfilment', 'delivery', 'worse')).count()).toBe(
      1,
    );
    // The login fix: usage × account_login better than before.
    expect(await page.locator(hasTouchpoint(0, 'changes', 'usage', 'account_login', 'better')).count()).toBe(
      1,
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('restores the journey map from a link: period, segment, and a second segment on the same axes', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1200 } });
    const problems = await watchProblems(page);
    const state = 'compare=persona%3Anew_customer&from=2026-06-01&segment=persona%3Abusiness&to=2026-06-30';
    await page.goto(`${server.url}/#/journey?${state}&token=${tokens.read}`);
    await page.waitForSelector(JOURNEY_DRAWN, { timeout: 20_000 });
    // The token left the address; the state stayed.
    expect(page.url()).toBe(`${server.url}/#/journey?${state}`);
    expect(await page.inputValue('#journey-period')).toBe('month:2026-06');
    expect(await page.inputValue('#journey-segment')).toBe('persona:business');
    expect(await page.inputValue('#journey-compare')).toBe('persona:new_customer');
    expect(await page.getAttribute('#journey-chart', 'data-series')).toBe('2');
    expect(await page.textContent('#status')).toContain('2026-06-01 … 2026-06-30 (30 days)');
    for (const [k, segment] of [
      [0, 'persona:business'],
      [1, 'persona:new_customer'],
    ] as const) {
      const journey = await api(`/v1/journey?from=2026-06-01&to=2026-06-30&segment=${segment}`);
      const fulfilment = journey.stages.find((s: any) => s.stage === 'fulfilment');
      expect(fulfilment.current.mentions).toBeGreaterThan(10);
      expect(await page.textContent(lane(k, 'volume', 'fulfilment'))).toContain(
        `${fulfilment.current.mentions} mentions`,
      );
      expect(await page.textContent(`#journey-lanes tbody[data-segment="${k}"] .segment-row`)).toBe(
        segment.replace(':', ': ').replace('_', ' '),
      );
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // A new period is written to the address, and a reload keeps it.
    await page.selectOption('#journey-period', 'weeks:4');
    await page.waitForFunction(() => (globalThis as any).location.hash.includes('weeks=4'));
    expect(page.url()).not.toContain('from=');
    await page.reload();
    await page.waitForSelector(JOURNEY_DRAWN, { timeout: 20_000 });
    expect(await page.inputValue('#journey-period')).toBe('weeks:4');
    expect(await page.inputValue('#journey-compare')).toBe('persona:new_customer');
    expect(await page.textContent('#status')).toContain('2026-07-27 … 2026-08-23 (4 weeks)');
    // The navigation takes the segment along to the heatmap.
    await page.click('#nav a[href^="#/heatmap"]');
    await page.waitForSelector('#heatmap:not([data-cells="0"])', { timeout: 20_000 });
    expect(await page.inputValue('#segment')).toBe('persona:business');
    expect(page.url()).toContain('#/heatmap?segment=persona%3Abusiness');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the heatmap, a cell’s quotes, and an upload’s report', async () => {
    const expected = await sql<{ cells: number }>`
      select count(*)::int as cells from (
        select stage, touchpoint from pain_point_daily group by 1, 2 having sum(mentions) > 0) c`.execute(
      t.db,
    );
    const worst = await sql<{ stage: string; touchpoint: string }>`
      select stage, touchpoint from pain_point_daily group by 1, 2
      order by sum(negative_intensity_sum) desc limit 1`.execute(t.db);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = await watchProblems(page);
    await page.goto(`${server.url}/#/heatmap`);
    await page.evaluate(() =>
      (globalThis as any).localStorage.setItem('painmap.token', 'a-token-from-an-older-dashboard'),
    );
    await page.reload();
    await page.fill('#token', tokens.ingest);
    await page.click('#token-form button');
    await page.waitForSelector(`#heatmap[data-cells="${expected.rows[0]!.cells}"]`, { timeout: 20_000 });
    expect(expected.rows[0]!.cells).toBeGreaterThan(20);
    expect(await page.getAttribute('#heatmap-legend', 'data-unit')).toBe(
      'pain: summed intensity of negative mentions over 26 weeks',
    );

    const { stage, touchpoint } = worst.rows[0]!;
    const centre = await page.evaluate(
      ([s, tp]) => (globalThis as any).painmap.cellCenter(s, tp),
      [stage, touchpoint],
    );
    expect(centre).not.toBeNull();
    await page.mouse.click(centre!.x, centre!.y);
    await page.waitForSelector('#quotes li.quote', { timeout: 10_000 });
    expect(page.url()).toContain(`stage=${stage}&touchpoint=${touchpoint}`);
    expect(await page.textContent('#cell-title')).toContain(touchpoint.replaceAll('_', ' '));
    expect(await page.locator('#quotes li.quote').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#quotes mark').count()).toBeGreaterThan(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.click('#nav a[href^="#/upload"]');
    await page.waitForSelector('#upload-form');
    const csv = join(mkdtempSync(join(tmpdir(), 'painmap-up-')), 'browser-upload.csv');
    writeFileSync(
      csv,
      'id,created_at,comment\nb-1,2026-06-10T10:00:00Z,"The courier lost my parcel."\nb-2,31/02/2026,"Bad date."\n',
    );
    await page.setInputFiles('#upload-file', csv);
    await page.click('#upload-form button');
    await page.waitForSelector('#upload-report [data-state="done"]', { timeout: 30_000 });
    expect(await page.textContent('#upload-report [data-count="valid"]')).toBe('1');
    expect(await page.textContent('#upload-report [data-count="rejected"]')).toBe('1');
    expect(await page.textContent('#upload-report .row-errors')).toMatch(/2\s*rejected/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const stored = await page.evaluate(() => {
      const { sessionStorage, localStorage } = globalThis as any;
      return {
        session: sessionStorage.getItem('painmap.token'),
        local: localStorage.getItem('painmap.token'),
        localKeys: Object.keys(localStorage),
      };
    });
    expect(stored).toEqual({ session: tokens.ingest, local: null, localKeys: [] });
    await page.goto(`${server.url}/#/heatmap`);
    await page.reload();
    await page.waitForSelector(`#heatmap[data-cells="${expected.rows[0]!.cells}"]`, { timeout: 20_000 });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('restores the heatmap from a link: metric, bucket, period, segment and the chosen cell', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = await watchProblems(page);
    const grid = await api('/v1/heatmap?bucket=month&metric=negative_rate&segment=plan:pro');
    const june = grid.buckets.find((b: any) => b.start === '2026-06-01');
    const cells = june.cells.filter((c: any) => c.mentions > 0).length;
    const state =
      'at=2026-06-01&bucket=month&metric=negative_rate&segment=plan%3Apro&stage=fulfilment&touchpoint=delivery';
    await page.goto(`${server.url}/#/heatmap?${state}&token=${tokens.read}`);
    await page.waitForSelector(`#heatmap[data-cells="${cells}"]`, { timeout: 20_000 });
    await page.waitForSelector('#quotes li.quote', { timeout: 10_000 });
    expect(page.url()).toBe(`${server.url}/#/heatmap?${state}`);
    expect(await page.inputValue('#metric')).toBe('negative_rate');
    expect(await page.inputValue('#bucket')).toBe('month');
    expect(await page.inputValue('#segment')).toBe('plan:pro');
    expect(await page.textContent('#period-label')).toBe('month of 2026-06-01');
    const delivery = june.cells.find((c: any) => c.stage === 'fulfilment' && c.touchpoint === 'delivery');
    expect(await page.textContent('#cell-title')).toContain(
      `(${delivery.negative} negative of ${delivery.mentions} mentions)`,
    );
    expect(await page.getAttribute('#heatmap-legend', 'data-unit')).toBe(
      'share negative (negative ÷ all mentions)',
    );
    expect(await page.textContent('#heatmap-legend')).toContain('no mentions');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('ranks the moments of truth by their effect on the score: delivery first after the carrier change', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const problems = await watchProblems(page);
    const june = await api('/v1/drivers?bucket=month&to=2026-06-30');
    const nps = june.scores[0];
    expect(june.period).toEqual({ from: '2026-06-01', to: '2026-06-30' });
    expect(nps.metric).toBe('nps');
    await page.goto(`${server.url}/#/drivers?asof=2026-06-30&token=${tokens.read}`);
    await page.waitForSelector(`#drivers-tables[data-scores="${june.scores.length}"] table`, {
      timeout: 20_000,
    });
    expect(page.url()).toBe(`${server.url}/#/drivers?asof=2026-06-30`);
    expect(await page.textContent('#status')).toContain('2026-06-01 … 2026-06-30');
    // NPS first; its first row the fulfilment × delivery cell, its impact above 0 with an interval.
    const table = page.locator('table.drivers[data-score="0"]');
    expect(await table.getAttribute('data-metric')).toBe('nps');
    expect(await table.locator('caption').textContent()).toContain(`${nps.source}: NPS`);
    expect(await table.locator('thead').textContent()).toContain('Impact (NPS points)');
    const first = table.locator('tbody tr').first();
    expect(await first.getAttribute('data-stage')).toBe('fulfilment');
    expect(await first.getAttribute('data-touchpoint')).toBe('delivery');
    const delivery = nps.drivers[0];
    expect([delivery.stage, delivery.touchpoint]).toEqual(['fulfilment', 'delivery']);
    expect(delivery.impactCi.low).toBeGreaterThan(0);
    expect(await first.locator('td.impact').textContent()).toBe(`+${delivery.impact.toFixed(1)}`);
    expect(await first.locator('td.interval').textContent()).toContain(
      `+${delivery.impactCi.low.toFixed(1)} … +${delivery.impactCi.high.toFixed(1)}`,
    );
    expect(await first.locator('td.interval svg line.ci-range').count()).toBe(1);
    expect(await first.textContent()).toContain(
      `${delivery.reach.customers} of ${delivery.reach.ofCustomers}`,
    );
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-touchpoint')));
    expect(rows).toEqual(nps.drivers.map((d: any) => d.touchpoint));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The cell's link opens the heatmap with that cell chosen, in the same month and source.
    await first.locator('th a').click();
    await page.waitForSelector('#quotes li.quote', { timeout: 20_000 });
    expect(page.url()).toContain('#/heatmap?at=2026-06-01&bucket=month');
    expect(page.url()).toContain(`source=${nps.source}&stage=fulfilment&touchpoint=delivery`);
    expect(await page.textContent('#period-label')).toBe('month of 2026-06-01');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('restores the drivers page from a link, and shows an empty state without a rated source', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = await watchProblems(page);
    const june = await api('/v1/drivers?from=2026-06-01&to=2026-06-30');
    const source = june.scores[0].source;
    const state = `from=2026-06-01&source=${source}&to=2026-06-30`;
    await page.goto(`${server.url}/#/drivers?${state}&token=${tokens.read}`);
    await page.waitForSelector('#drivers-tables[data-scores="1"] table', { timeout: 20_000 });
    expect(page.url()).toBe(`${server.url}/#/drivers?${state}`);
    expect(await page.inputValue('#drivers-period')).toBe('custom');
    expect(await page.inputValue('#drivers-from')).toBe('2026-06-01');
    expect(await page.inputValue('#drivers-to')).toBe('2026-06-30');
    expect(await page.inputValue('#drivers-source')).toBe(source);
    expect(await page.isVisible('#drivers-asof')).toBe(false);
    expect(await page.getAttribute('table.drivers[data-score="0"]', 'data-source')).toBe(source);

    // A new period goes into the address, and a reload keeps it.
    await page.selectOption('#drivers-period', 'week');
    await page.waitForFunction(() => (globalThis as any).location.hash.includes('bucket=week'));
    expect(page.url()).not.toContain('from=');
    await page.reload();
    await page.waitForSelector('#drivers-tables[data-scores="1"] table', { timeout: 20_000 });
    const week = await api(`/v1/drivers?bucket=week&source=${source}`);
    expect(await page.inputValue('#drivers-period')).toBe('week');
    expect(await page.textContent('#status')).toContain(`${week.period.from} … ${week.period.to}`);

    // Support tickets carry no rating: no table, the empty state says why.
    await page.selectOption('#drivers-source', 'support-ticket');
    await page.waitForSelector('#drivers-tables[data-scores="0"]', { state: 'attached', timeout: 20_000 });
    expect(await page.isVisible('#drivers-empty')).toBe(true);
    expect(await page.textContent('#drivers-empty')).toContain('No rated source');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a new tab does not get the token; the OpenAPI page renders under the policy', async () => {
    const page = await browser.newPage();
    const problems = await watchProblems(page);
    await page.goto(server.url);
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('painmap.token'))).toBeNull();
    expect(await page.inputValue('#token')).toBe('');
    expect(await page.textContent('#status')).toContain('Enter a token');

    await page.goto(`${server.url}/docs`);
    await page.waitForSelector('.opblock-tag', { timeout: 20_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(5);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('the queue board renders under the policy, its Google Fonts stylesheet blocked', async () => {
    const context = await browser.newContext({
      httpCredentials: { username: 'ops', password: tokens.admin },
    });
    const page = await context.newPage();
    const problems = await watchProblems(page);
    await page.goto(`${server.url}/admin/queues`);
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => (globalThis as any).document.body.innerText.includes('ingest'), null, {
      timeout: 20_000,
    });
    // @bull-board's page links fonts.googleapis.com; the policy keeps admins' browsers off Google.
    const google = problems.filter((line) => line.includes('https://fonts.googleapis.com/'));
    expect(google.some((line) => line.startsWith('csp: style-src'))).toBe(true);
    expect(problems.filter((line) => !google.includes(line))).toEqual([]);
    await context.close();
  }, 60_000);
});
