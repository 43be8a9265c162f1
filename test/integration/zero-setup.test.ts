// Zero setup, as a new user runs it: no DATABASE_URL, no REDIS_URL. Piped, `painmap demo` prints
// the heatmap and exits (zero-setup-dashboard.test.ts opens what it serves from a terminal);
// `painmap serve --embedded` keeps an uploaded file's items in its data folder across a restart,
// and refuses a second process on that folder. All of it runs the real CLI in a child process on
// PGlite with the in-process queue.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api, bareEnv, type Cli, runToExit, startCli, stop, stopAll } from './zero-setup-helpers.js';

afterEach(stopAll);

interface Heatmap {
  total: Array<{ stage: string; touchpoint: string; mentions: number }>;
}

describe('zero setup: no Postgres, no Redis', () => {
  it('painmap demo with its output in a pipe prints the heatmap and exits, serving nothing', async () => {
    const demo = await runToExit(['demo'], bareEnv());
    expect(demo.code).toBe(0);
    expect(demo.stderr).toContain('tagged and aggregated');
    expect(demo.stderr).toContain("the shop's changes (login fix, carrier change): 2 new intervention(s)");
    expect(demo.stderr).not.toContain('Dashboard:');
  }, 330_000);

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
