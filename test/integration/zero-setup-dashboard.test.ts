// The dashboard as a new user opens it: `painmap demo` on a machine with no servers (PGlite, the
// in-process queue) prints a URL, and headless Chromium opens every page through it — journey map,
// heatmap, pain points, drivers, alerts, interventions, search (and upload). The printed URL opens
// on the journey map, which shows both planted stories without a chosen cell; each page opens from
// the navigation on the demo's data, and a link to it with state (period, segment, cell, words…)
// shows that state's data from the demo, in its controls too, and again after a reload. No console
// error, exception or CSP violation, and no serious or critical axe-core violation on any page.
// PAINMAP_SCREENSHOTS=1 saves the README's screenshots of every page to docs/.
import { existsSync, readFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARGS,
  CHROMIUM,
  screenshotForDocs,
  seriousAccessibilityViolations,
  watchProblems,
} from './browser-helpers.js';
import { api, bareEnv, type Cli, startCli, stop, stopAll } from './zero-setup-helpers.js';

if (!existsSync(CHROMIUM)) {
  console.warn(`Skipping the zero-setup browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);
}

/** What each page shows once the demo's data is in, in navigation order (web/src/pages/index.ts). */
const OPENED: Record<string, string> = {
  journey: '#journey-chart[data-rendered="1"]',
  heatmap: '#heatmap:not([data-cells="0"])[data-cells]',
  'pain-points': '#pain-points-report[data-loaded] tbody tr[data-stage]',
  drivers: '#drivers-tables table.drivers',
  alerts: '#alerts-report[data-loaded]',
  interventions: '#interventions-report[data-loaded] tr[data-name="carrier change"]',
  search: '#status:has-text("Type the words")',
  upload: '#upload-form',
};

interface DeepLink {
  path: string;
  /** The address's state, as the page writes it. */
  state: string;
  /** Shows that state's data. */
  data: string;
  /** Each control and the value the state puts in it. */
  controls: Record<string, string>;
  /** What must read the same after a reload. */
  rows: string;
  screenshot: string;
  fullPage?: boolean;
  height?: number;
  /** What the page shows, against the API's answer for the same state. */
  check(page: Page, cli: Cli): Promise<void>;
}

const get = async (cli: Cli, path: string) => (await api<any>(cli, path)).body;
const attributes = (page: Page, selector: string, ...names: string[]) =>
  page
    .locator(selector)
    .evaluateAll((nodes, keys) => nodes.map((n) => keys.map((k) => n.getAttribute(k)).join('/')), names);

const LINKS: DeepLink[] = [
  {
    path: 'journey',
    state: 'compare=persona%3Anew_customer&from=2026-06-01&segment=persona%3Abusiness&to=2026-06-30',
    data: '#journey-chart[data-rendered="1"][data-series="2"]',
    controls: {
      '#journey-period': 'month:2026-06',
      '#journey-segment': 'persona:business',
      '#journey-compare': 'persona:new_customer',
    },
    rows: '#journey-lanes tbody',
    screenshot: 'journey-map-compare.png',
    height: 1200,
    async check(page, cli) {
      for (const [k, segment] of ['persona:business', 'persona:new_customer'].entries()) {
        const journey = await get(cli, `/v1/journey?from=2026-06-01&to=2026-06-30&segment=${segment}`);
        const fulfilment = journey.stages.find((s: any) => s.stage === 'fulfilment');
        expect(fulfilment.current.mentions).toBeGreaterThan(10);
        const volume = `#journey-lanes tbody[data-segment="${k}"] tr[data-lane="volume"] td[data-stage="fulfilment"]`;
        expect(await page.textContent(volume)).toContain(`${fulfilment.current.mentions} mentions`);
      }
    },
  },
  {
    path: 'drivers',
    state: 'asof=2026-06-30',
    data: '#drivers-tables table.drivers[data-score="0"] tbody tr',
    controls: { '#drivers-period': 'month', '#drivers-asof': '2026-06-30' },
    rows: 'table.drivers tbody tr',
    screenshot: 'drivers.png',
    fullPage: true,
    async check(page, cli) {
      const nps = (await get(cli, '/v1/drivers?bucket=month&to=2026-06-30')).scores[0];
      const delivery = nps.drivers[0];
      expect([nps.metric, delivery.stage, delivery.touchpoint]).toEqual(['nps', 'fulfilment', 'delivery']);
      expect(delivery.impactCi.low).toBeGreaterThan(0);
      const table = 'table.drivers[data-score="0"]';
      expect(await attributes(page, `${table} tbody tr`, 'data-stage', 'data-touchpoint')).toEqual(
        nps.drivers.map((d: any) => `${d.stage}/${d.touchpoint}`),
      );
      expect(await page.textContent(`${table} tbody tr >> nth=0 >> td.interval`)).toContain(
        `+${delivery.impactCi.low.toFixed(1)} … +${delivery.impactCi.high.toFixed(1)}`,
      );
    },
  },
  {
    path: 'heatmap',
    state: 'bucket=month&stage=fulfilment&touchpoint=delivery',
    data: '#quotes li.quote',
    controls: { '#bucket': 'month', '#metric': 'pain' },
    rows: '#cell-title, #quotes li.quote',
    screenshot: 'heatmap.png',
    height: 1000,
    async check(page, cli) {
      const grid = await get(cli, '/v1/heatmap?bucket=month&metric=pain');
      const cells = grid.total.filter((c: any) => c.mentions > 0).length;
      expect(cells).toBeGreaterThan(20);
      expect(await page.getAttribute('#heatmap', 'data-cells')).toBe(String(cells));
      expect(await page.textContent('#cell-title')).toContain('delivery');
      expect(await page.locator('#quotes li.quote').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('#quotes mark').count()).toBeGreaterThan(0);
    },
  },
  {
    path: 'pain-points',
    state: 'asof=2026-06-07&segment=persona%3Abusiness',
    data: '#pain-points-report[data-loaded] tbody tr[data-stage]',
    controls: { '#pain-points-asof': '2026-06-07', '#pain-points-segment': 'persona:business' },
    rows: '#pain-points-report tbody tr',
    screenshot: 'pain-points.png',
    async check(page, cli) {
      const report = await get(cli, '/v1/pain-points?to=2026-06-07&segment=persona:business&top=20');
      const cells = await attributes(page, '#pain-points-report tbody tr', 'data-stage', 'data-touchpoint');
      expect(cells).toEqual(report.painPoints.map((p: any) => `${p.stage}/${p.touchpoint}`));
      expect(cells[0]).toBe('fulfilment/delivery');
      expect(await page.locator('#pain-points-report tbody tr q mark').count()).toBeGreaterThan(0);
    },
  },
  {
    path: 'alerts',
    state: 'asof=2026-06-07',
    data: '#alerts-report[data-loaded] tr[data-touchpoint="delivery"]',
    controls: { '#alerts-asof': '2026-06-07', '#alerts-bucket': 'week' },
    rows: '#alerts-report tbody tr',
    screenshot: 'alerts.png',
    async check(page, cli) {
      const alerts = (await get(cli, '/v1/alerts?to=2026-06-07')).alerts;
      expect(await attributes(page, '#alerts-report tbody tr', 'data-stage', 'data-touchpoint')).toEqual(
        alerts.map((a: any) => `${a.stage}/${a.touchpoint}`),
      );
      const delivery = alerts.find((a: any) => a.stage === 'fulfilment' && a.touchpoint === 'delivery');
      const row = '#alerts-report tr[data-stage="fulfilment"][data-touchpoint="delivery"]';
      expect(await page.textContent(row)).toContain(delivery.rateRatio.toFixed(2));
      expect(await page.textContent('#status')).toMatch(/cells tested, \d+ alert\(s\)/);
    },
  },
  {
    path: 'interventions',
    state: 'source=survey',
    data: '#interventions-report[data-loaded] tr[data-name="carrier change"]',
    controls: { '#interventions-source': 'survey' },
    rows: '#interventions-report tbody tr',
    screenshot: 'interventions.png',
    async check(page, cli) {
      const effects = (await get(cli, '/v1/interventions?source=survey')).interventions;
      expect(await attributes(page, '#interventions-report tbody tr', 'data-name', 'data-verdict')).toEqual(
        effects.map((e: any) => `${e.intervention.name}/${e.verdict}`),
      );
      expect(effects.map((e: any) => e.intervention.name)).toEqual(['login fix', 'carrier change']);
    },
  },
  {
    path: 'search',
    state: 'q=late+delivery',
    data: '#search-report[data-loaded] li.result',
    controls: { '#search-q': 'late delivery' },
    rows: '#search-report li.result',
    screenshot: 'search.png',
    async check(page, cli) {
      const found = await get(cli, '/v1/search?q=late%20delivery');
      expect(found.total).toBeGreaterThan(3);
      expect(await attributes(page, 'li.result', 'data-id')).toEqual(
        found.results.map((r: any) => r.externalId),
      );
      expect(await page.locator('li.result mark').count()).toBeGreaterThan(0);
    },
  },
];

describe.skipIf(!existsSync(CHROMIUM))('the zero-setup dashboard in headless Chromium', () => {
  let cli: Cli;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    cli = await startCli(['demo', '--serve', '--port', '0'], bareEnv());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1440, height: 1200 } });
    problems = await watchProblems(page);
  }, 330_000);

  afterAll(async () => {
    await browser?.close();
    await stopAll();
  });

  async function expectControls(link: DeepLink): Promise<void> {
    for (const [control, value] of Object.entries(link.controls)) {
      expect(await page.inputValue(control), `${link.path} ${control}`).toBe(value);
    }
  }

  it('the printed URL opens on the journey map, with both planted stories and no cell chosen', async () => {
    expect(cli.stderr()).toContain('embedded Postgres (PGlite)');
    expect((await api(cli, '/v1/filters', null)).status).toBe(401);
    await page.goto(cli.url);
    await page.waitForSelector(OPENED.journey!, { timeout: 30_000 });
    // Read once: the token leaves the address bar and stays in this tab only.
    expect(page.url()).toBe(`${cli.base}/`);
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('painmap.token'))).toBe(
      cli.token,
    );
    expect(await page.textContent('#status')).toMatch(/\(13 weeks\) against .* \d+ mentions\.$/);
    const lane = (name: string, stage: string) =>
      `#journey-lanes tbody[data-segment="0"] tr[data-lane="${name}"] td[data-stage="${stage}"]`;
    // The carrier change: fulfilment worse on the curve, delivery its top pain point, quoted.
    expect((await page.getAttribute('#journey-chart', 'data-marks'))!.split(' ')).toContain(
      'fulfilment:worse',
    );
    const top = page.locator(`${lane('pain', 'fulfilment')} li`).first();
    expect(await top.getAttribute('data-touchpoint')).toBe('delivery');
    expect(await top.locator('q mark').count()).toBeGreaterThan(0);
    const changed = (stage: string, touchpoint: string, direction: string) =>
      page.locator(
        `${lane('changes', stage)} li[data-touchpoint="${touchpoint}"][data-direction="${direction}"]`,
      );
    expect(await changed('fulfilment', 'delivery', 'worse').count()).toBe(1);
    // The login fix: usage × account login better than before.
    expect(await changed('usage', 'account_login', 'better').count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshotForDocs(page, 'journey-map.png');
    expect(problems.splice(0)).toEqual([]);
  }, 60_000);

  it('every page opens from the navigation on the demo data, with no serious accessibility violation', async () => {
    const paths = (await page
      .locator('#nav a')
      .evaluateAll((links) =>
        links.map((a) => (a.getAttribute('href') ?? '').replace(/^#\//, '').split('?')[0]),
      )) as string[];
    expect(paths).toEqual(Object.keys(OPENED));
    for (const path of paths.slice(1)) {
      await page.click(`#nav a[href^="#/${path}"]`);
      await page.waitForSelector(OPENED[path]!, { timeout: 30_000 });
      expect(page.url(), path).toBe(`${cli.base}/#/${path}`);
      // The latest week may have no alert: the status says how many cells it tested.
      if (path === 'alerts') expect(await page.textContent('#status')).toMatch(/\d+ cells tested/);
      expect(await seriousAccessibilityViolations(page), path).toEqual([]);
    }
    expect(problems.splice(0)).toEqual([]);
  }, 120_000);

  // Each link opens from a different page (the one before it, or upload), so it mounts afresh.
  it.each(LINKS.map((link) => [link.path, link] as const))(
    'a link to the %s page shows its state on the demo data, and a reload restores it',
    async (_path, link) => {
      await page.setViewportSize({ width: 1440, height: link.height ?? 1100 });
      await page.goto(`${cli.base}/#/${link.path}?${link.state}`);
      await page.waitForSelector(link.data, { timeout: 30_000 });
      await expectControls(link);
      await link.check(page, cli);
      const before = await page.locator(link.rows).allTextContents();
      expect(before.length).toBeGreaterThan(0);
      await page.reload();
      await page.waitForSelector(link.data, { timeout: 30_000 });
      expect(page.url()).toBe(`${cli.base}/#/${link.path}?${link.state}`);
      await expectControls(link);
      expect(await page.locator(link.rows).allTextContents()).toEqual(before);
      expect(await seriousAccessibilityViolations(page), `${link.path}: axe`).toEqual([]);
      await screenshotForDocs(page, link.screenshot, link.fullPage);
      expect(problems.splice(0), `${link.path}: console, exceptions, CSP`).toEqual([]);
    },
    60_000,
  );

  it('the README shows the screenshot of every page this test takes', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const file of ['journey-map.png', ...LINKS.map((link) => link.screenshot)]) {
      expect(readme, file).toMatch(new RegExp(`!\\[[^\\]]+\\]\\(docs/${file.replace('.', '\\.')}\\)`));
    }
  });

  // A slow machine (CI under load) paints a chart over several frames; leaving the page must not leave a
  // paint behind that runs on the disposed chart ("Cannot read properties of null (reading 'layerStack')").
  it('leaving the chart pages while their charts still paint throws nothing, on a slow CPU', async () => {
    await page.goto(cli.url); // the one-time token, should this test run on its own
    await page.waitForSelector(OPENED.journey!, { timeout: 30_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
    try {
      for (let round = 0; round < 3; round++) {
        for (const [path, state] of [
          ['heatmap', 'bucket=month&stage=fulfilment&touchpoint=delivery'],
          ['journey', ''],
        ] as const) {
          await page.goto(`${cli.base}/#/${path}?${state}`);
          await page.waitForSelector(OPENED[path]!, { timeout: 60_000 });
          await page.setViewportSize({ width: 1200 + round * 40, height: 900 });
          await page.goto(`${cli.base}/#/alerts`);
          await page.waitForSelector(OPENED.alerts!, { timeout: 60_000 });
          await page.waitForTimeout(300);
        }
      }
    } finally {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await cdp.detach();
    }
    expect(problems.splice(0)).toEqual([]);
  }, 240_000);

  it('stops cleanly on SIGTERM', async () => {
    expect(await stop(cli.child)).toBe(0);
  });
});
