// Zero setup, as a new user runs it: no DATABASE_URL, no REDIS_URL. `painmap demo` serves the
// dashboard on the demo data and prints its URL, which opens in headless Chromium on the journey
// map, with the heatmap a link away (piped, it only prints the heatmap and exits); `painmap serve --embedded` keeps an uploaded
// file's items in its data folder across a restart, and refuses a second process on that folder.
// All of it runs the real CLI in a child process on PGlite with the in-process queue.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
];

/** The environment of a machine with no servers: no database, queue, tokens or port of ours. */
function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', NO_COLOR: '1', ...extra };
  for (const name of Object.keys(env)) {
    if (/^(DATABASE_URL|REDIS_URL|API_TOKENS|PORT|HOST|PAINMAP_TEST_.*)$/.test(name)) delete env[name];
  }
  return env;
}

interface Cli {
  child: ChildProcess;
  url: string;
  base: string;
  token: string;
  stderr: () => string;
}

const running = new Set<ChildProcess>();

/** Starts the CLI and resolves with the dashboard URL it prints (`Dashboard: <url>`). */
function startCli(args: string[], env: NodeJS.ProcessEnv): Promise<Cli> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stdout!.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no dashboard URL within 150 s:\n${stderr}`)), 150_000);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before serving:\n${stderr}`)));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /Dashboard: (http:\/\/127\.0\.0\.1:\d+)\/#token=([0-9a-f]{48})/.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[0].slice('Dashboard: '.length),
        base: match[1]!,
        token: match[2]!,
        stderr: () => stderr,
      });
    });
  });
}

/** Runs the CLI to its end (or 60 s): its exit code and stderr. */
function runToExit(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGTERM'), 150_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stderr });
    }),
  );
}

/** SIGTERM, then the exit code (graceful shutdown closes the database before exiting). */
function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

afterEach(async () => {
  for (const child of running) await stop(child);
});

async function api<T>(
  cli: Cli,
  path: string,
  token: string | null = cli.token,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${cli.base}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as T };
}

interface Span {
  start: number;
  end: number;
}

interface Heatmap {
  total: Array<{ stage: string; touchpoint: string; mentions: number }>;
}

async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  return problems;
}

/** What each page shows once its data is in, in navigation order (web/src/pages/index.ts). */
const PAGE_READY: Record<string, string> = {
  journey: '#journey-chart[data-rendered="1"]',
  heatmap: '#heatmap[data-cells]',
  'pain-points': '#pain-points-report[data-loaded] tbody tr',
  drivers: '#drivers-tables[data-scores]',
  alerts: '#alerts-report[data-loaded]',
  interventions: '#interventions-report[data-loaded]',
  search: '#status:has-text("Type the words")',
  upload: '#upload-form',
};

describe('zero setup: no Postgres, no Redis', () => {
  it.skipIf(!existsSync(CHROMIUM))(
    'painmap demo serves the dashboard, and its printed URL opens on the demo journey map and heatmap',
    async () => {
      const cli = await startCli(['demo', '--serve', '--port', '0'], bareEnv());
      expect(cli.stderr()).toContain('embedded Postgres (PGlite)');
      // The token is needed: the API refuses a caller without it.
      expect((await api(cli, '/v1/filters', null)).status).toBe(401);
      const heatmap = await api<Heatmap>(cli, '/v1/heatmap?bucket=week&metric=pain');
      const cells = heatmap.body.total.filter((c) => c.mentions > 0).length;
      expect(cells).toBeGreaterThan(20);
      // Verbatim search on PGlite too: its text-search index and ts_headline marks.
      const found = await api<{ total: number; results: Array<{ text: string; highlights: Span[] }> }>(
        cli,
        '/v1/search?q=delivery',
      );
      expect(found.body.total).toBeGreaterThan(20);
      const [first] = found.body.results;
      const [mark] = first!.highlights;
      expect(first!.text.slice(mark!.start, mark!.end).toLowerCase()).toMatch(/^deliver/);

      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
      try {
        const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
        const problems = await watchProblems(page);
        await page.goto(cli.url);
        // The journey map is the first page; the heatmap is a link away.
        await page.waitForSelector('#journey-chart[data-rendered="1"]', { timeout: 30_000 });
        expect(await page.textContent('#status')).toMatch(/\(13 weeks\) against .* \d+ mentions\.$/);
        await page.click('#nav a[href^="#/heatmap"]');
        await page.waitForSelector(`#heatmap[data-cells="${cells}"]`, { timeout: 30_000 });
        expect(await page.textContent('#status')).toMatch(/^\d+ mentions in /);
        await page.goBack();
        // Read once: the token leaves the address bar and stays in this tab only.
        expect(page.url()).toBe(`${cli.base}/`);
        expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('painmap.token'))).toBe(
          cli.token,
        );
        // Every other page of the navigation opens on the embedded database and shows its report.
        const paths = (await page
          .locator('#nav a')
          .evaluateAll((links) =>
            links.map((a) => (a.getAttribute('href') ?? '').replace(/^#\//, '').split('?')[0]),
          )) as string[];
        expect(paths).toEqual(Object.keys(PAGE_READY));
        for (const path of paths.filter((p) => p !== 'journey' && p !== 'heatmap')) {
          await page.click(`#nav a[href^="#/${path}"]`);
          await page.waitForSelector(PAGE_READY[path]!, { timeout: 30_000 });
          expect(page.url(), path).toContain(`#/${path}`);
        }
        await page.click('#nav a[href^="#/journey"]');
        await page.waitForSelector('#journey-chart[data-rendered="1"]', { timeout: 30_000 });
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
      expect(await stop(cli.child)).toBe(0);
    },
    240_000,
  );

  it('painmap demo with its output in a pipe prints the heatmap and exits, serving nothing', async () => {
    const demo = await runToExit(['demo'], bareEnv());
    expect(demo.code).toBe(0);
    expect(demo.stderr).toContain('tagged and aggregated');
    expect(demo.stderr).not.toContain('Dashboard:');
  }, 180_000);

  it('painmap serve --embedded keeps an uploaded file’s items across a restart', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'painmap-zero-')), 'data');
    const env = bareEnv({ PAINMAP_DATA_DIR: dataDir });
    const csv =
      'id,created_at,comment\n' +
      'r-1,2026-06-10T10:00:00Z,"The courier lost my parcel and nobody answered."\n' +
      'r-2,2026-06-11T10:00:00Z,"Checkout kept failing with a payment error."\n';

    const first = await startCli(['serve', '--embedded', '--port', '0'], env);
    expect((await api(first, '/readyz', null)).body).toEqual({ ready: true, postgres: true, redis: null });
    const upload = await fetch(`${first.base}/v1/uploads?filename=restart.csv&as=zero-setup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(upload.status).toBe(202);
    const { uploadId } = (await upload.json()) as { uploadId: number };
    let state = '';
    for (let i = 0; i < 100 && state !== 'done'; i++) {
      state =
        (await api<{ run: { state: string } | null }>(first, `/v1/uploads/${uploadId}`)).body.run?.state ??
        '';
      if (state !== 'done') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(state).toBe('done');
    const mentions = async (cli: Cli) =>
      (await api<Heatmap>(cli, '/v1/heatmap?source=zero-setup')).body.total.reduce(
        (n, c) => n + c.mentions,
        0,
      );
    const before = await mentions(first);
    expect(before).toBeGreaterThan(0);
    // A second process on the same folder is refused, and the first one keeps serving.
    const rival = await runToExit(['serve', '--embedded', '--port', '0'], env);
    expect(rival.code).not.toBe(0);
    expect(rival.stderr).toContain(`is in use by another painmap process (pid ${first.child.pid})`);
    expect(await mentions(first)).toBe(before);
    expect(await stop(first.child)).toBe(0);
    expect(existsSync(dataDir)).toBe(true);

    const second = await startCli(['serve', '--embedded', '--port', '0'], env);
    // A new run, a new token: the old one no longer opens anything.
    expect(second.token).not.toBe(first.token);
    expect((await api(second, '/v1/filters', first.token)).status).toBe(401);
    const filters = await api<{ sources: string[] }>(second, '/v1/filters');
    expect(filters.body.sources).toContain('zero-setup');
    expect(await mentions(second)).toBe(before);
    const run = await api<{ run: { counts: { inserted: number } } }>(second, `/v1/uploads/${uploadId}`);
    expect(run.body.run.counts.inserted).toBe(2);
    expect(await stop(second.child)).toBe(0);
  }, 240_000);
});
