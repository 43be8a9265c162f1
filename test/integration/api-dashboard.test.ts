// The web dashboard in real headless Chromium against a real server on demo data: the heatmap
// draws one cell per stage × touchpoint with mentions, a click shows the cell's quotes with
// highlighted evidence, and an uploaded CSV comes back with its row-error report. All of it under
// the server's Content-Security-Policy with no console error and no CSP violation; the token stays
// in the tab's sessionStorage, never in localStorage. The OpenAPI page renders under the policy too.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFiles } from '../../src/cli/demo.command.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import {
  API_TOKENS,
  startTestServer,
  startTestWorkers,
  type TestServer,
  type TestWorkers,
  tokens,
} from './api-helpers.js';
import { createTestDb, type TestDb, testConfig } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
if (!existsSync(CHROMIUM)) {
  console.warn(`Skipping the dashboard browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);
}

/** Console errors, uncaught exceptions and CSP violations the page reports, as lines. */
async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  await page.exposeFunction('reportCspViolation', (line: string) => problems.push(`csp: ${line}`));
  await page.addInitScript(() => {
    const g = globalThis as any;
    g.document.addEventListener('securitypolicyviolation', (event: any) => {
      void g.reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  return problems;
}

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

  it('shows the heatmap, a cell’s quotes, and an upload’s report', async () => {
    const expected = await sql<{ cells: number }>`
      select count(*)::int as cells from (
        select stage, touchpoint from pain_point_daily group by 1, 2 having sum(mentions) > 0) c`.execute(
      t.db,
    );
    const worst = await sql<{ stage: string; touchpoint: string }>`
      select stage, touchpoint from pain_point_daily group by 1, 2
      order by sum(negative_intensity_sum) desc limit 1`.execute(t.db);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const problems = await watchProblems(page);
    await page.goto(server.url);
    await page.evaluate(() =>
      (globalThis as any).localStorage.setItem('painmap.token', 'a-token-from-an-older-dashboard'),
    );
    await page.reload();
    await page.fill('#token', tokens.ingest);
    await page.click('#token-form button');
    await page.waitForSelector(`#heatmap[data-cells="${expected.rows[0]!.cells}"]`, { timeout: 20_000 });
    expect(expected.rows[0]!.cells).toBeGreaterThan(20);

    const { stage, touchpoint } = worst.rows[0]!;
    const centre = await page.evaluate(
      ([s, tp]) => (globalThis as any).painmap.cellCenter(s, tp),
      [stage, touchpoint],
    );
    expect(centre).not.toBeNull();
    await page.mouse.click(centre!.x, centre!.y);
    await page.waitForSelector('#quotes li.quote', { timeout: 10_000 });
    expect(await page.textContent('#cell-title')).toContain(touchpoint.replaceAll('_', ' '));
    expect(await page.locator('#quotes li.quote').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#quotes mark').count()).toBeGreaterThan(0);
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/dashboard.png', fullPage: false });
    mkdirSync('docs', { recursive: true });
    copyFileSync('test-output/dashboard.png', 'docs/dashboard.png');

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
    await page.screenshot({ path: 'test-output/dashboard-upload.png', fullPage: true });

    const stored = await page.evaluate(() => {
      const { sessionStorage, localStorage } = globalThis as any;
      return {
        session: sessionStorage.getItem('painmap.token'),
        local: localStorage.getItem('painmap.token'),
        localKeys: Object.keys(localStorage),
      };
    });
    expect(stored).toEqual({ session: tokens.ingest, local: null, localKeys: [] });
    await page.reload();
    await page.waitForSelector(`#heatmap[data-cells="${expected.rows[0]!.cells}"]`, { timeout: 20_000 });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

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
