// The heatmap's JSON written from the rows (heatmap-json.format.ts) against its reference, formatHeatmap's
// grid with each cell's value serialised by JSON.stringify, as GET /v1/heatmap sent it before: byte for
// byte, on rows read from Postgres holding unknown and untaxonomised names, uneven float sums, two
// sources and segments, for every bucket, filter and kind of range; on rows read from PGlite; and
// through GET /v1/heatmap, whose CSV form still comes from the formatter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHeatmap, METRICS, type Metric, metricValue } from '../../src/aggregate/heatmap.format.js';
import {
  BUCKETS,
  type HeatmapFilter,
  type HeatmapRow,
  queryHeatmap,
} from '../../src/aggregate/heatmap.query.js';
import { formatHeatmapJson } from '../../src/aggregate/heatmap-json.format.js';
import { HeatmapSpanError } from '../../src/aggregate/heatmap-span.js';
import { printHeatmap } from '../../src/cli/heatmap.command.js';
import { renderCsv } from '../../src/cli/render-heatmap.js';
import { createEmbeddedDb, type Db } from '../../src/storage/db.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { API_TOKENS, auth, startTestServer, type TestServer, tokens } from './api-helpers.js';
import { createTestDb, itemRow, mentionRow, type TestDb, testConfig } from './helpers.js';

const STAGES = ['fulfilment', 'purchase', 'support', 'unknown', 'aftercare', 'zz_custom'];
const TOUCHPOINTS = ['delivery', 'checkout', 'live_chat', 'unknown', 'kiosk', 'a_custom'];
const LABELS = ['negative', 'neutral', 'positive'] as const;

/** Item i of a deterministic spread over 2026-01-14 … 2026-03-26 (a Wednesday to a Thursday). */
function item(i: number): ItemRow {
  const day = new Date(Date.UTC(2026, 0, 14 + ((i * 17) % 72))).toISOString().slice(0, 10);
  const mention = (ordinal: number) => {
    const k = i * 31 + ordinal * 7;
    const label = LABELS[k % 3]!;
    // Scores with long binary fractions, so sums and rounding are exercised.
    const magnitude = 0.05 + ((k * 0.6180339887) % 0.9);
    const score = label === 'negative' ? -magnitude : label === 'positive' ? magnitude : 0;
    return mentionRow({
      ordinal,
      stage: STAGES[(i + ordinal * 5) % (i % 7 === 0 ? STAGES.length : 3)]!,
      touchpoint: TOUCHPOINTS[(i * 3 + ordinal) % (i % 11 === 0 ? TOUCHPOINTS.length : 3)]!,
      label,
      score,
    });
  };
  return itemRow({
    externalId: `e-${i}`,
    source: i % 4 === 0 ? 'app-review' : 'survey',
    day,
    segmentJson: JSON.stringify({ plan: ['free', 'pro'][i % 2], region: ['eu', 'us', 'apac'][i % 3] }),
    mentions: Array.from({ length: 1 + (i % 3) }, (_, ordinal) => mention(ordinal)),
  });
}

async function seed(db: Db): Promise<void> {
  const items = Array.from({ length: 600 }, (_, i) => item(i));
  await db.transaction().execute((trx) => writeTaggedItems(trx, items));
}

/** What GET /v1/heatmap sent before: the formatter's grid, each cell with its value, through JSON.stringify. */
function reference(rows: HeatmapRow[], filter: HeatmapFilter, metric: Metric): string {
  const grid = formatHeatmap(rows, filter);
  const withValue = <C extends Parameters<typeof metricValue>[0]>(cell: C) => ({
    ...cell,
    value: metricValue(cell, metric),
  });
  const { bucket, from, to, ...cut } = filter;
  return JSON.stringify({
    bucket,
    metric,
    from: from ?? grid.buckets[0]?.start ?? null,
    to: to ?? null,
    filter: cut,
    stages: grid.stages,
    touchpoints: grid.touchpoints,
    buckets: grid.buckets.map((b) => ({ start: b.start, cells: b.cells.map(withValue) })),
    total: grid.total.map(withValue),
  });
}

/** The writer's text beside the reference's, from the same rows read from `db`. */
async function bothFor(db: Db, filter: HeatmapFilter, metric: Metric) {
  const rows = await queryHeatmap(db, filter);
  const { bucket, from, to, ...cut } = filter;
  return {
    written: formatHeatmapJson(rows, { bucket, metric, from, to, filter: cut }),
    expected: reference(rows, filter, metric),
  };
}

const RANGES = [
  {},
  { from: '2026-01-21', to: '2026-03-11' }, // Wednesdays: partial weeks at both edges
  { from: '2026-01-19', to: '2026-03-15' }, // whole weeks
  { from: '2026-02-03' },
  { to: '2026-02-20' },
  { from: '2026-01-01', to: '2026-04-30' }, // quiet buckets before and after the data
  { from: '2026-06-01', to: '2026-06-30' }, // no data at all
  { from: '2026-02-10', to: '2026-02-09' }, // from after to
];
const FILTERS = [
  {},
  { source: 'survey' },
  { segment: { plan: 'pro' } },
  { source: 'app-review', segment: { region: 'us' } },
];

const cases = BUCKETS.flatMap((bucket) =>
  FILTERS.flatMap((f) => RANGES.map((range) => ({ bucket, ...range, ...f }) as HeatmapFilter)),
).map((filter, i) => ({ filter, metric: METRICS[i % METRICS.length]! }));

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seed(t.db);
});
afterAll(async () => t?.drop());

describe('the heatmap JSON written from the rows', () => {
  it('holds taxonomy, unknown and other names, several buckets and uneven sums (the cases below mean something)', async () => {
    const body = JSON.parse((await bothFor(t.db, { bucket: 'week' }, 'pain')).expected);
    expect(body.stages).toEqual([
      ...['awareness', 'consideration', 'purchase', 'fulfilment', 'onboarding', 'usage', 'support'],
      ...['retention', 'advocacy', 'unknown', 'aftercare', 'zz_custom'],
    ]);
    expect(body.touchpoints.slice(-3)).toEqual(['unknown', 'a_custom', 'kiosk']);
    expect(body.buckets).toHaveLength(11);
    expect(body.total.some((c: { meanSentiment: number | null }) => String(c.meanSentiment).length > 5)).toBe(
      true,
    );
  });

  it.each(cases)(
    'equals the reference byte for byte: $filter.bucket $filter, $metric',
    async ({ filter, metric }) => {
      const { written, expected } = await bothFor(t.db, filter, metric);
      expect(written).toBe(expected);
    },
  );

  it('equals the reference for every metric', async () => {
    const filter: HeatmapFilter = { bucket: 'week', from: '2026-01-21', to: '2026-03-11' };
    for (const metric of METRICS) {
      const { written, expected } = await bothFor(t.db, filter, metric);
      expect(written).toBe(expected);
    }
  });
});

describe('on rows read from PGlite (the embedded mode)', () => {
  let embedded: Db;
  beforeAll(async () => {
    embedded = await createEmbeddedDb();
    await migrateToLatest(embedded);
    await seed(embedded);
  }, 120_000);
  afterAll(async () => embedded?.destroy());

  it.each(cases.filter((_, i) => i % 5 === 0))(
    'equals the reference byte for byte: $filter.bucket $filter, $metric',
    async ({ filter, metric }) => {
      const { written, expected } = await bothFor(embedded, filter, metric);
      expect(written).toBe(expected);
    },
  );
});

describe('GET /v1/heatmap', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(testConfig({ API_TOKENS, RATE_LIMIT_PER_MINUTE: '10000' }, t.url));
  });
  afterAll(async () => server?.close());
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: auth(tokens.read) });

  it.each([
    [
      'bucket=week&metric=negative_rate&from=2026-01-21&to=2026-03-11',
      { bucket: 'week', from: '2026-01-21', to: '2026-03-11' },
    ],
    [
      'bucket=month&metric=volume&source=survey&segment=plan:pro',
      { bucket: 'month', source: 'survey', segment: { plan: 'pro' } },
    ],
    ['to=2026-02-20', { bucket: 'week', to: '2026-02-20' }],
    [
      'from=2026-06-01&to=2026-06-30&metric=sentiment',
      { bucket: 'week', from: '2026-06-01', to: '2026-06-30' },
    ],
  ] as const)('answers %s as the formatter did, and as JSON', async (query, filter) => {
    const response = await get(`/v1/heatmap?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const metric = (new URLSearchParams(query).get('metric') ?? 'pain') as Metric;
    expect(await response.text()).toBe(reference(await queryHeatmap(t.db, filter), filter, metric));
  });

  it('answers ?format=csv with the formatter’s table', async () => {
    const response = await get('/v1/heatmap?bucket=week&from=2026-01-21&to=2026-03-11&format=csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const filter: HeatmapFilter = { bucket: 'week', from: '2026-01-21', to: '2026-03-11' };
    const csv = renderCsv(formatHeatmap(await queryHeatmap(t.db, filter), filter));
    expect(csv.split('\n').length).toBeGreaterThan(50);
    expect(await response.text()).toBe(`${csv}\n`);
  });

  it.each([
    ['from=2026-02-10&to=2026-02-09', 'from (2026-02-10) is after to (2026-02-09)'],
    ['bucket=day&from=2020-01-01&to=2026-03-31', 'is 2,282 days, over the heatmap'],
    ['bucket=day&from=2020-01-01&to=2026-03-31&format=csv', 'is 2,282 days'],
    // An open end reaches the data's last day (2026-03-26): refused when the grid is filled.
    ['bucket=day&from=2023-01-01', '2023-01-01 to 2026-03-26 is 1,181 days'],
  ])('refuses %s with 400 and what to do', async (query, message) => {
    const response = await get(`/v1/heatmap?${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('bad_request');
    expect(body.message).toContain(message);
  });

  it('answers the same span by week, under the limit', async () => {
    const response = await get('/v1/heatmap?bucket=week&from=2020-01-01&to=2026-03-31');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { buckets: unknown[] }).buckets).toHaveLength(327);
  });
});

describe('painmap heatmap', () => {
  const options = { bucket: 'week' as const, metric: 'pain' as const, top: 5, color: false };
  const out = { write: () => true } as unknown as NodeJS.WritableStream;

  it.each([
    [{ from: '2026-02-10', to: '2026-02-09' }, 'is after to'],
    [{ bucket: 'day' as const, from: '2020-01-01', to: '2026-03-31' }, 'limit of 1,000 buckets'],
    [{ bucket: 'day' as const, from: '2023-01-01' }, 'limit of 1,000 buckets'],
  ])('refuses %o as the API does', async (range, message) => {
    const refused = printHeatmap(t.db, { ...options, ...range }, out);
    await expect(refused).rejects.toThrow(HeatmapSpanError);
    await expect(refused).rejects.toThrow(message);
  });
});
