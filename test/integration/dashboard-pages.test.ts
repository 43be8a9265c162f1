// The pain-point, alert, intervention and search pages in headless Chromium against a real server on
// the demo data (plus the search notes): each opens through its URL and shows the API's rows, a
// reload of its address restores the same view, its CSV download holds the table's rows, a cell links
// to the heatmap with that cell's trend and quotes, and search marks the matching words without ever
// reading feedback text as HTML. No console error, CSP violation or serious axe-core violation.
// The README's screenshots come from the zero-setup demo (zero-setup-dashboard.test.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFiles } from '../../src/cli/demo.command.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
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
import { ARGS, CHROMIUM, seriousAccessibilityViolations, watchProblems } from './browser-helpers.js';
import { createTestDb, type TestDb, testConfig } from './helpers.js';
import { ingestNotes } from './search-notes.js';

describe.skipIf(!existsSync(CHROMIUM))('the report pages in headless Chromium', () => {
  let t: TestDb;
  let server: TestServer;
  let workers: TestWorkers;
  let browser: Browser;

  beforeAll(async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'painmap-web-'));
    execFileSync(process.execPath, ['scripts/build-web.mjs', webRoot], { stdio: 'pipe' });
    t = await createTestDb();
    const config = testConfig({ API_TOKENS, RATE_LIMIT_PER_MINUTE: '10000' }, t.url);
    server = await startTestServer(config, webRoot);
    workers = await startTestWorkers(config);
    const runIds = await ingestNotes(workers.rt);
    for (const file of demoFiles()) runIds.push((await ingestFile(workers.rt, { path: file })).runId);
    await waitForRuns(workers.rt, runIds, { timeoutMs: 240_000 });
    await insertIntervention(t.db, {
      name: 'carrier change',
      effectiveDay: '2026-06-01',
      stage: 'fulfilment',
      touchpoint: 'delivery',
      windowDays: 28,
      note: null,
    });
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

  /** Opens a page's address with the token, as a link would, and waits for its report. */
  async function open(path: string, state: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const problems = await watchProblems(page);
    await page.goto(`${server.url}/#/${path}?${state}${state ? '&' : ''}token=${tokens.read}`);
    await page.waitForSelector(`#${path}-report[data-loaded]`, { timeout: 20_000 });
    expect(page.url()).toBe(`${server.url}/#/${path}${state ? `?${state}` : ''}`);
    return { page, problems };
  }

  /** Reloads the address: the same rows come back. */
  async function expectReloadRestores(page: Page, path: string, rows: string): Promise<void> {
    const before = await page.locator(rows).allTextContents();
    await page.reload();
    await page.waitForSelector(`#${path}-report[data-loaded]`, { timeout: 20_000 });
    expect(await page.locator(rows).allTextContents()).toEqual(before);
  }

  /** Clicks the page's CSV button: the downloaded file's rows. */
  async function downloadCsv(page: Page, path: string): Promise<Array<Record<string, string>>> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#${path}-csv`)]);
    expect(download.suggestedFilename()).toBe(`${path}.csv`);
    return parse(readFileSync((await download.path())!, 'utf8'), { columns: true });
  }

  async function finish(page: Page, problems: string[]): Promise<void> {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }

  it('ranks the pain points of a week from its link, restores it on reload, and exports its rows', async () => {
    const { page, problems } = await open('pain-points', 'asof=2026-06-07&segment=persona%3Abusiness');
    expect(await page.inputValue('#pain-points-asof')).toBe('2026-06-07');
    expect(await page.inputValue('#pain-points-segment')).toBe('persona:business');
    const report = await api('/v1/pain-points?to=2026-06-07&segment=persona:business&top=20');
    const rows = '#pain-points-report tbody tr';
    const cells = await page
      .locator(rows)
      .evaluateAll((trs) =>
        trs.map((tr) => `${tr.getAttribute('data-stage')}/${tr.getAttribute('data-touchpoint')}`),
      );
    expect(cells).toEqual(report.painPoints.map((p: any) => `${p.stage}/${p.touchpoint}`));
    expect(cells[0]).toBe('fulfilment/delivery');
    expect(await page.locator(`${rows} q mark`).count()).toBeGreaterThan(0);
    await expectReloadRestores(page, 'pain-points', rows);
    const csv = await downloadCsv(page, 'pain-points');
    expect(csv.map((r) => `${r.stage}/${r.touchpoint}`)).toEqual(cells);
    // The cell's link opens its trend and quotes on the heatmap, in the same segment and week.
    await page.click(`${rows} >> nth=0 >> a`);
    await page.waitForSelector('#quotes li.quote', { timeout: 20_000 });
    expect(page.url()).toContain(
      '#/heatmap?at=2026-06-01&bucket=week&segment=persona%3Abusiness&stage=fulfilment&touchpoint=delivery',
    );
    expect(await page.isVisible('#cell-panel')).toBe(true);
    await page.goBack();
    await page.waitForSelector(`${rows}[data-stage]`, { timeout: 20_000 });
    await finish(page, problems);
  }, 90_000);

  it('shows the carrier-change alert with its test, effect size and q-value, and exports it', async () => {
    const { page, problems } = await open('alerts', 'asof=2026-06-07');
    const row = page.locator('#alerts-report tr[data-stage="fulfilment"][data-touchpoint="delivery"]');
    expect(await row.count()).toBe(1);
    const alert = (await api('/v1/alerts?to=2026-06-07')).alerts.find(
      (a: any) => a.touchpoint === 'delivery',
    );
    const text = await row.textContent();
    expect(text).toContain(alert.rateRatio.toFixed(2));
    expect(text).toMatch(/negative (share|volume)/);
    expect(await page.textContent('#status')).toMatch(/cells tested, \d+ alert\(s\)/);
    await page.selectOption('#alerts-bucket', 'month');
    await page.waitForFunction(() => (globalThis as any).location.hash.includes('bucket=month'));
    await page.waitForSelector('#status:has-text("month")', { timeout: 20_000 });
    expect(page.url()).toBe(`${server.url}/#/alerts?asof=2026-06-07&bucket=month`);
    await expectReloadRestores(page, 'alerts', '#alerts-report tbody tr');
    expect(await page.inputValue('#alerts-bucket')).toBe('month');
    const csv = await downloadCsv(page, 'alerts');
    const monthly = await api('/v1/alerts?to=2026-06-07&bucket=month');
    expect(csv.map((r) => `${r.stage}/${r.touchpoint}/${r.q_value}`)).toEqual(
      monthly.alerts.map((a: any) => `${a.stage}/${a.touchpoint}/${a.qValue}`),
    );
    await page.goto(`${server.url}/#/alerts?asof=2026-06-07`);
    await page.waitForSelector('#alerts-report tr[data-touchpoint="delivery"]', { timeout: 20_000 });
    await finish(page, problems);
  }, 90_000);

  it('shows an intervention before and after against the control, per segment, and exports it', async () => {
    const { page, problems } = await open('interventions', 'source=survey');
    const row = page.locator('#interventions-report tr[data-name="carrier change"]');
    expect(await row.getAttribute('data-verdict')).toBe(
      (await api('/v1/interventions?source=survey')).interventions[0].verdict,
    );
    expect(await row.textContent()).toContain('→');
    expect(await page.inputValue('#interventions-source')).toBe('survey');
    await expectReloadRestores(page, 'interventions', '#interventions-report tbody tr');
    const csv = await downloadCsv(page, 'interventions');
    expect(csv.map((r) => [r.name, r.verdict])).toEqual([
      ['carrier change', await row.getAttribute('data-verdict')],
    ]);
    await finish(page, problems);
  }, 90_000);

  it('searches the words typed, marks the matches as text, pages, restores from the link, and exports', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const problems = await watchProblems(page);
    await page.goto(`${server.url}/#/search?token=${tokens.read}`);
    await page.waitForSelector('#status:has-text("Type the words")', { timeout: 20_000 });
    await page.fill('#search-q', 'late delivery');
    await page.press('#search-q', 'Enter');
    await page.waitForSelector('#search-report[data-loaded] li.result', { timeout: 20_000 });
    expect(page.url()).toBe(`${server.url}/#/search?q=late+delivery`);
    await page.selectOption('#search-source', 'notes-a');
    await page.waitForSelector('#search-report [data-total="4"]', { timeout: 20_000 });
    const json = await api('/v1/search?q=late%20delivery&source=notes-a');
    const ids = await page
      .locator('li.result')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id')));
    expect(ids).toEqual(json.results.map((r: any) => r.externalId));
    // The markup in a note is shown as its characters: no element comes from feedback text.
    const script = page.locator('li.result[data-id="a-3"] p');
    expect(await script.textContent()).toContain("<script>alert('x')</script>");
    expect(await page.locator('#search-report script, #search-report b').count()).toBe(0);
    expect(await page.locator('li.result[data-id="a-1"] mark').allTextContents()).toEqual([
      'delivery',
      'late',
      'late',
      'Delivery',
      'late',
    ]);
    const csv = await downloadCsv(page, 'search');
    expect(csv.map((r) => r.external_id)).toEqual(ids);
    // The second page of a word the demo has many of, from its link, then a reload of that address.
    await page.goto(`${server.url}/#/search?page=2&q=delivery`);
    await page.waitForSelector('#search-report [data-page="2"] li.result', { timeout: 20_000 });
    const second = await api('/v1/search?q=delivery&page=2');
    expect(second.total).toBeGreaterThan(40);
    const secondIds = await page
      .locator('li.result')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id')));
    expect(secondIds).toEqual(second.results.map((r: any) => r.externalId));
    expect(await page.locator('a[rel="prev"]').count()).toBe(1);
    await expectReloadRestores(page, 'search', 'li.result');
    expect(await page.inputValue('#search-q')).toBe('delivery');
    await page.goto(`${server.url}/#/search?q=late+delivery&source=notes-a`);
    await page.waitForSelector('#search-report [data-page="1"]', { timeout: 20_000 });
    await finish(page, problems);
  }, 90_000);
});
