// Minimisation in what leaves painmap: personal data planted in feedback goes through the real ingest
// (a file, BullMQ on Redis, Postgres); the quotes of the API (which the dashboard shows), pain points,
// alerts and their CSV exports carry the placeholders, never a planted value.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAlerts } from '../../src/cli/alerts.command.js';
import { printPainPoints } from '../../src/cli/pain-points.command.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { API_TOKENS, auth, startTestServer, type TestServer, tokens } from './api-helpers.js';
import { closeTestRuntime, createTestDb, startTestWorkers, type TestDb, testConfig } from './helpers.js';

const PLANTED = {
  email: 'jane.doe@example.com',
  phone: '+44 20 7946 0958',
  card: '4111 1111 1111 1111',
  iban: 'GB82 WEST 1234 5698 7654 32',
  token: 'abc123secretvalue',
  ssn: '219-09-9999',
};
const COMPLAINTS = [
  `The courier lost my parcel, write to ${PLANTED.email} or call ${PLANTED.phone} about it.`,
  `My parcel arrived damaged and the refund to card ${PLANTED.card} never came.`,
  `The delivery was two weeks late, refund it to ${PLANTED.iban} please.`,
  `The parcel is late again, see https://shop.example/track?token=${PLANTED.token}&lang=en for yourself.`,
  `Still waiting for my delivery, nobody answers at ${PLANTED.phone} or ${PLANTED.email}.`,
  `The parcel never came and your form asked for my SSN ${PLANTED.ssn}, which is not ok.`,
];
const PLACEHOLDERS = ['[email]', '[phone]', '[card]', '[iban]', '[national-id]', '[url-token]'];

let t: TestDb;
let rt: Runtime;
let workers: Worker[];
let server: TestServer;

/** Eight quiet weeks, then a week of late parcels written with personal data in them. */
function feedbackCsv(): string {
  const rows = ['id,created_at,customer_id,comment'];
  for (let week = 0; week < 8; week++) {
    const day = new Date(Date.UTC(2026, 3, 6 + week * 7, 10)).toISOString();
    rows.push(`q-${week},${day},c-${week},"The parcel arrived late this time."`);
    rows.push(`p-${week},${day},c-${week},"Great service from the shop staff, thank you."`);
  }
  for (let i = 0; i < 15; i++) {
    const day = new Date(Date.UTC(2026, 5, 1 + (i % 7), 9 + i)).toISOString();
    rows.push(`s-${i},${day},c-${20 + i},"${COMPLAINTS[i % COMPLAINTS.length]}"`);
  }
  return rows.join('\n');
}

const leaksIn = (text: string) => Object.values(PLANTED).filter((value) => text.includes(value));
const placeholdersIn = (text: string) => PLACEHOLDERS.filter((p) => text.includes(p));

function collect(): { out: Writable; text: () => string } {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { out, text: () => text };
}

beforeAll(async () => {
  t = await createTestDb();
  const config = testConfig({ API_TOKENS }, t.url);
  rt = await createRuntime(config, { role: 'worker', name: 'painmap-test' });
  workers = startTestWorkers(rt);
  server = await startTestServer(config);
  const path = join(mkdtempSync(join(tmpdir(), 'painmap-minimise-')), 'planted.csv');
  writeFileSync(path, feedbackCsv());
  expect(leaksIn(feedbackCsv())).toHaveLength(Object.keys(PLANTED).length);
  const result = await ingestFile(rt, { path });
  await waitForRuns(rt, [result.runId], { timeoutMs: 60_000 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await closeTestRuntime(rt, workers);
  await t.drop();
});

const get = async (path: string) => {
  const response = await fetch(`${server.url}${path}`, { headers: auth(tokens.read) });
  expect(response.status).toBe(200);
  return response.text();
};

describe('what leaves painmap carries placeholders, never the planted values', () => {
  it('GET /v1/quotes of every cell with mentions (what the dashboard shows)', async () => {
    const heatmap = JSON.parse(await get('/v1/heatmap?from=2026-06-01&to=2026-06-07')) as {
      total: Array<{ stage: string; touchpoint: string; mentions: number }>;
    };
    const cells = heatmap.total.filter((cell) => cell.mentions > 0);
    expect(cells.length).toBeGreaterThan(0);
    let all = '';
    for (const cell of cells) {
      all += await get(
        `/v1/quotes?stage=${cell.stage}&touchpoint=${cell.touchpoint}&from=2026-06-01&to=2026-06-07&limit=50`,
      );
    }
    expect(leaksIn(all)).toEqual([]);
    expect(placeholdersIn(all).length).toBeGreaterThanOrEqual(3);
  });

  it('GET /v1/pain-points and its quotes', async () => {
    const body = await get('/v1/pain-points?from=2026-06-01&to=2026-06-07&top=100');
    expect(JSON.parse(body).painPoints.length).toBeGreaterThan(0);
    expect(leaksIn(body)).toEqual([]);
    expect(placeholdersIn(body).length).toBeGreaterThan(0);
  });

  it('painmap pain-points --csv and painmap alerts --csv / --json', async () => {
    const painPoints = collect();
    await printPainPoints(
      t.db,
      {
        from: '2026-06-01',
        to: '2026-06-07',
        bucket: 'week',
        filter: {},
        weights: new Map(),
        top: 100,
        csv: true,
      },
      painPoints.out,
    );
    expect(painPoints.text().split('\n').length).toBeGreaterThan(2);
    expect(leaksIn(painPoints.text())).toEqual([]);
    expect(placeholdersIn(painPoints.text()).length).toBeGreaterThan(0);

    const options = {
      asOf: '2026-06-07',
      bucket: 'week' as const,
      baselinePeriods: 8,
      minCount: 5,
      fdr: 0.05,
    };
    const alertsCsv = collect();
    const result = await runAlerts(t.db, { ...options, csv: true }, alertsCsv.out);
    expect(result.alerts.length).toBeGreaterThan(0);
    expect(leaksIn(alertsCsv.text())).toEqual([]);
    const alertsJson = collect();
    await runAlerts(t.db, { ...options, json: true }, alertsJson.out);
    expect(leaksIn(alertsJson.text())).toEqual([]);
    expect(placeholdersIn(alertsJson.text()).length).toBeGreaterThan(0);
  });
});
