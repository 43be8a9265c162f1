// GET /v1/journey over real HTTP on the demo data in a real Postgres: every stage's figures equal a
// recomputation from the raw mentions (any period, whole weeks or not, any segment), the planted
// stories show without choosing a cell, and bad periods are refused with a reason.
import jStat from 'jstat';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFiles } from '../../src/cli/demo.command.js';
import { STAGES } from '../../src/domain.js';
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
import { createTestDb, type TestDb, testConfig } from './helpers.js';

let t: TestDb;
let server: TestServer;
let workers: TestWorkers;

beforeAll(async () => {
  t = await createTestDb();
  const config = testConfig({ API_TOKENS, RATE_LIMIT_PER_MINUTE: '10000' }, t.url);
  server = await startTestServer(config);
  workers = await startTestWorkers(config);
  const runIds: number[] = [];
  for (const file of demoFiles()) runIds.push((await ingestFile(workers.rt, { path: file })).runId);
  await waitForRuns(workers.rt, runIds, { timeoutMs: 240_000 });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await workers?.close();
  await t?.drop();
});

// Responses are read loosely: the assertions say what they must hold.
const get = async (path: string, token = tokens.read) => {
  const response = await fetch(`${server.url}${path}`, { headers: auth(token) });
  return { status: response.status, body: (await response.json()) as any };
};

interface RawStage {
  stage: string;
  mentions: number;
  negative: number;
  positive: number;
  mean: number;
  /** Items with a mention in the stage, and the cluster-robust squared standard error of the mean. */
  items: number;
  squaredError: number;
}

/** The oracle: a stage's figures straight from feedback_mentions, one row per item, summed here. */
async function rawStages(from: string, to: string, segment?: Record<string, string>): Promise<RawStage[]> {
  const result = await sql<{ stage: string; c: number; s: number; negative: number; positive: number }>`
    select m.stage, count(*)::int as c, sum(m.sentiment_score::float8)::float8 as s,
           count(*) filter (where m.sentiment_label = 'negative')::int as negative,
           count(*) filter (where m.sentiment_label = 'positive')::int as positive
    from feedback_mentions m join feedback_items i on i.id = m.item_id
    where i.received_day between ${from}::date and ${to}::date
      ${segment ? sql`and i.segment @> ${JSON.stringify(segment)}::jsonb` : sql``}
    group by m.stage, m.item_id`.execute(t.db);
  const byStage = new Map<string, typeof result.rows>();
  for (const row of result.rows) byStage.set(row.stage, [...(byStage.get(row.stage) ?? []), row]);
  return [...byStage].map(([stage, items]) => {
    const n = items.reduce((a, r) => a + r.c, 0);
    const mean = items.reduce((a, r) => a + r.s, 0) / n;
    const m = items.length;
    const spread = items.reduce((a, r) => a + (r.s - mean * r.c) ** 2, 0);
    return {
      stage,
      mentions: n,
      negative: items.reduce((a, r) => a + r.negative, 0),
      positive: items.reduce((a, r) => a + r.positive, 0),
      mean,
      items: m,
      squaredError: m < 2 ? Number.NaN : ((m / (m - 1)) * spread) / (n * n),
    };
  });
}

function expectFiguresMatch(figures: any, raw: RawStage | undefined): void {
  expect(figures.mentions).toBe(raw?.mentions ?? 0);
  expect(figures.negative).toBe(raw?.negative ?? 0);
  expect(figures.positive).toBe(raw?.positive ?? 0);
  if (!raw || raw.items < 2) return;
  expect(figures.sentiment.estimate).toBeCloseTo(raw.mean, 3);
  // Student's t with items − 1 degrees of freedom, cut at the ends of the scale.
  const half = jStat.studentt.inv(0.975, raw.items - 1) * Math.sqrt(raw.squaredError);
  expect(figures.sentiment.low).toBeCloseTo(Math.max(-1, raw.mean - half), 3);
  expect(figures.sentiment.high).toBeCloseTo(Math.min(1, raw.mean + half), 3);
  expect(figures.negativeShare.estimate).toBeCloseTo(raw.negative / raw.mentions, 3);
}

describe('GET /v1/journey', () => {
  it('defaults to the last 13 whole weeks against the 13 before, stages in codebook order', async () => {
    const { status, body } = await get('/v1/journey');
    expect(status).toBe(200);
    expect(body.period).toEqual({ from: '2026-05-25', to: '2026-08-23', days: 91 });
    expect(body.previous).toEqual({ from: '2026-02-23', to: '2026-05-24' });
    expect(body.stages.map((s: any) => s.stage)).toEqual([...STAGES]);
  });

  it.each([
    ['the default period', '', '2026-05-25', '2026-08-23', '2026-02-23', '2026-05-24', undefined],
    [
      'a period cut mid-week',
      '?from=2026-05-06&to=2026-06-20',
      '2026-05-06',
      '2026-06-20',
      '2026-03-21',
      '2026-05-05',
      undefined,
    ],
    [
      'one persona over 4 weeks',
      '?weeks=4&to=2026-06-28&segment=persona:business',
      '2026-06-01',
      '2026-06-28',
      '2026-05-04',
      '2026-05-31',
      { persona: 'business' },
    ],
  ])(
    'equals a recomputation from the raw mentions: %s',
    async (_name, query, from, to, prevFrom, prevTo, segment) => {
      const { body } = await get(`/v1/journey${query}`);
      expect(body.period).toMatchObject({ from, to });
      expect(body.previous).toEqual({ from: prevFrom, to: prevTo });
      const now = await rawStages(from, to, segment);
      const before = await rawStages(prevFrom, prevTo, segment);
      for (const stage of body.stages) {
        expectFiguresMatch(
          stage.current,
          now.find((r) => r.stage === stage.stage),
        );
        expectFiguresMatch(
          stage.previous,
          before.find((r) => r.stage === stage.stage),
        );
        const sum = (list: any[], key: string) => list.reduce((n, x) => n + x[key], 0);
        expect(sum(stage.touchpoints, 'mentions')).toBe(stage.current.mentions);
      }
      expect(body.unplaced).toBe(now.find((r) => r.stage === 'unknown')?.mentions ?? 0);
    },
  );

  it('shows the planted stories without a chosen cell: delivery worse in fulfilment, login better in usage', async () => {
    const { body } = await get('/v1/journey');
    const fulfilment = body.stages.find((s: any) => s.stage === 'fulfilment');
    expect(fulfilment.change.direction).toBe('worse');
    expect(fulfilment.change.sentiment.high).toBeLessThan(0);
    expect(fulfilment.painPoints[0].touchpoint).toBe('delivery');
    expect(fulfilment.changes[0]).toMatchObject({ touchpoint: 'delivery', direction: 'worse' });
    const usage = body.stages.find((s: any) => s.stage === 'usage');
    expect(usage.changes.find((c: any) => c.touchpoint === 'account_login')).toMatchObject({
      direction: 'better',
    });
    // Before the carrier change and the login fix, against the quarter before, neither story shows.
    const early = await get('/v1/journey?from=2026-04-06&to=2026-05-03');
    expect(early.body.stages.find((s: any) => s.stage === 'fulfilment').change.direction).toBe('steady');
  });

  it('gives each pain point a negative quote and each delight a positive one, with evidence words from the text', async () => {
    const { body } = await get('/v1/journey?top=3');
    const pains = body.stages.flatMap((s: any) => s.painPoints);
    const delights = body.stages.flatMap((s: any) => s.delights);
    expect(pains.length).toBeGreaterThan(10);
    expect(delights.length).toBeGreaterThan(10);
    for (const cell of pains) expect(cell.quote.score).toBeLessThan(0);
    for (const cell of delights) expect(cell.quote.score).toBeGreaterThan(0);
    for (const { quote } of [...pains, ...delights]) {
      expect(quote.evidence.length).toBeGreaterThan(0);
      const text = quote.text.toLowerCase();
      expect(quote.evidence.some((w: string) => text.includes(w.toLowerCase()))).toBe(true);
    }
  });

  it.each([
    ['from without to', '?from=2026-06-01', '`from` needs `to`'],
    ['from after to', '?from=2026-06-10&to=2026-06-01', 'must not be after'],
    ['a period over two years', '?from=2020-01-01&to=2026-06-01', 'at most 731 days'],
    ['weeks out of range', '?weeks=0', ''],
    ['a segment without a value', '?segment=persona', 'key:value'],
  ])('refuses %s with 400 and a reason', async (_name, query, reason) => {
    const { status, body } = await get(`/v1/journey${query}`);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain(reason);
  });

  it('needs a token, and is described in the OpenAPI document with its answer', async () => {
    expect((await fetch(`${server.url}/v1/journey`)).status).toBe(401);
    const docs = (await (await fetch(`${server.url}/docs/json`)).json()) as any;
    const route = docs.paths['/v1/journey'].get;
    expect(route.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'weeks', 'source', 'segment', 'top']),
    );
    const answer = route.responses['200'].content['application/json'].schema;
    expect(Object.keys(answer.properties)).toEqual(
      expect.arrayContaining(['period', 'previous', 'stages', 'unplaced']),
    );
  });
});
