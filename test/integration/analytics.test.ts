// Pain-point analytics on synthetic series with known answers, in a real Postgres: a planted spike,
// a planted step change after an intervention, and the views against recomputation from raw items.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryNegativeClauses } from '../../src/aggregate/clauses.query.js';
import { computeEmergingPainPoints } from '../../src/aggregate/emerging-pain-points.js';
import { queryHeatmap } from '../../src/aggregate/heatmap.query.js';
import { measureInterventions } from '../../src/aggregate/intervention-effects.js';
import { listPainPoints, type PainPointReport } from '../../src/aggregate/pain-points.js';
import { addDays } from '../../src/aggregate/periods.js';
import { resolveStageWeights } from '../../src/aggregate/stage-weights.js';
import { binomialDraw, poissonDraw, seededRandom } from '../../src/aggregate/stats/prng.js';
import { printPainPoints } from '../../src/cli/pain-points.command.js';
import { markDaysDirty, rebuildDay } from '../../src/storage/aggregates.repository.js';
import {
  insertIntervention,
  listEmergingPainPoints,
  listInterventionEffects,
} from '../../src/storage/analytics.repository.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { API_TOKENS, auth, startTestServer, tokens } from './api-helpers.js';
import { createTestDb, itemRow, mentionRow, type TestDb, testConfig } from './helpers.js';

const FIRST = '2026-01-05'; // a Monday
const WEEKS = 12; // … 2026-03-29
const FIX = '2026-02-16';
const SPIKE_WEEK = '2026-03-23';

interface CellPlan {
  stage: string;
  touchpoint: string;
  perDay: (day: string) => number;
  rate: (day: string) => number;
  negative: string;
  positive: string;
}
const plans: CellPlan[] = [
  {
    stage: 'fulfilment',
    touchpoint: 'delivery',
    perDay: () => 6,
    rate: () => 0.3,
    negative: 'The parcel arrived late again',
    positive: 'Delivery was quick',
  },
  {
    stage: 'onboarding',
    touchpoint: 'account_login',
    perDay: () => 6,
    rate: (d) => (d < FIX ? 0.4 : 0.15),
    negative: 'The login code never arrives',
    positive: 'Logging in is easy',
  },
  {
    stage: 'purchase',
    touchpoint: 'checkout',
    perDay: () => 5,
    rate: () => 0.2,
    negative: 'Checkout rejected my card',
    positive: 'Checkout was smooth',
  },
  {
    stage: 'usage',
    touchpoint: 'product',
    perDay: (d) => (d >= SPIKE_WEEK ? 10 : 5),
    rate: (d) => (d >= SPIKE_WEEK ? 0.7 : 0.25),
    negative: 'The lamp stopped working after a week',
    positive: 'Love the lamp',
  },
];

function items(day: string, random: () => number): ItemRow[] {
  const rows: ItemRow[] = [];
  for (const plan of plans) {
    const count = poissonDraw(plan.perDay(day), random);
    const negatives = binomialDraw(count, plan.rate(day), random);
    for (let i = 0; i < count; i++) {
      const negative = i < negatives;
      const text = negative ? plan.negative : plan.positive;
      const score = negative ? -(0.3 + 0.6 * random()) : 0.5;
      const firstWord = text.split(' ')[1] ?? text;
      const id = `${day}-${plan.touchpoint}-${i}`;
      const evidence = { kind: 'touchpoint', rule: `tp.${plan.touchpoint}`, match: firstWord };
      rows.push(
        itemRow({
          source: i % 3 === 0 ? 'app-review' : 'survey',
          externalId: id,
          contentHash: id,
          receivedAt: `${day}T12:00:00.000Z`,
          day,
          text,
          channel: null,
          customerId: i % 4 === 3 ? null : `C-${Math.floor(random() * 400)}`,
          segmentJson: JSON.stringify({
            plan: i % 2 ? 'pro' : 'free',
            persona: i % 5 ? 'regular' : 'business',
          }),
          taxonomyVersion: 't',
          taggerVersion: 'g',
          mentions: [
            mentionRow({
              ordinal: 0,
              start: 0,
              end: text.length,
              stage: plan.stage,
              touchpoint: plan.touchpoint,
              label: negative ? 'negative' : 'positive',
              score,
              evidenceJson: JSON.stringify([{ ...evidence, start: 4, end: 4 + firstWord.length }]),
            }),
          ],
        }),
      );
    }
  }
  return rows;
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  const random = seededRandom(77);
  for (let d = 0; d < WEEKS * 7; d++) {
    const day = addDays(FIRST, d);
    await t.db.transaction().execute(async (trx) => {
      const outcome = await writeTaggedItems(trx, items(day, random));
      await markDaysDirty(trx, outcome.days);
    });
    await t.db.transaction().execute((trx) => rebuildDay(trx, day));
  }
}, 120_000);
afterAll(async () => t.drop());

describe('emerging pain points', () => {
  it('alerts on the planted spike in the week it happens, with effect size, p-value, baseline and quotes', async () => {
    const result = await computeEmergingPainPoints(t.db, { asOf: '2026-03-29' });
    expect(result.period).toEqual({ from: SPIKE_WEEK, to: '2026-03-29' });
    expect(result.baseline).toEqual({ from: '2026-01-26', to: '2026-03-22' });
    expect(result.alerts.map((a) => `${a.stage}/${a.touchpoint}`)).toEqual(['usage/product']);
    const [alert] = result.alerts;
    expect(alert!.rateRatio).toBeGreaterThan(3);
    expect(alert!.qValue).toBeLessThan(0.05);
    expect(alert!.examples.length).toBeGreaterThanOrEqual(1);
    expect(alert!.examples[0]).toMatchObject({
      text: 'The lamp stopped working after a week',
      evidence: ['lamp'],
    });
    const stored = await listEmergingPainPoints(t.db, '2026-03-29', 'week');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      stage: 'usage',
      touchpoint: 'product',
      negative: alert!.negative,
      p_value: alert!.pValue,
      baseline_periods: 8,
    });
  });

  it('writes the same rows when run twice for the same day', async () => {
    const before = await listEmergingPainPoints(t.db, '2026-03-29', 'week');
    await computeEmergingPainPoints(t.db, { asOf: '2026-03-29' });
    expect(await listEmergingPainPoints(t.db, '2026-03-29', 'week')).toEqual(before);
  });

  it('lets no more than 5% of stable cells alarm in the weeks before the spike', async () => {
    let alarms = 0;
    let tested = 0;
    for (let asOf = '2026-02-08'; asOf <= '2026-03-22'; asOf = addDays(asOf, 7)) {
      const result = await computeEmergingPainPoints(t.db, { asOf });
      tested += result.tested;
      alarms += result.alerts.length;
    }
    expect(tested).toBeGreaterThan(20);
    expect(alarms / tested).toBeLessThanOrEqual(0.05);
  });

  it('says why nothing is tested when there is not enough history', async () => {
    const result = await computeEmergingPainPoints(t.db, { asOf: '2026-01-25' });
    expect(result.alerts).toEqual([]);
    expect(result.note).toMatch(/fewer than 4 whole weeks/);
  });
});

describe('interventions', () => {
  it('recovers the planted step change within its interval, beside a flat control', async () => {
    const iv = await insertIntervention(t.db, {
      name: 'login fix',
      effectiveDay: FIX,
      stage: 'onboarding',
      touchpoint: 'account_login',
      windowDays: 28,
      note: null,
    });
    await expect(
      insertIntervention(t.db, {
        name: 'login fix',
        effectiveDay: FIX,
        stage: 'usage',
        touchpoint: null,
        windowDays: 28,
        note: null,
      }),
    ).rejects.toThrow(/exists already/);
    const [effect] = await measureInterventions(t.db, { id: iv.id });
    expect(effect!.target.change!.low).toBeLessThanOrEqual(-0.25);
    expect(effect!.target.change!.high).toBeGreaterThanOrEqual(-0.25);
    expect(effect!.target.change!.high).toBeLessThan(0);
    expect(effect!.control.change!.low).toBeLessThanOrEqual(0);
    expect(effect!.control.change!.high).toBeGreaterThanOrEqual(0);
    expect(effect!.verdict).toBe('better');

    const [view] = await listInterventionEffects(t.db, iv.id);
    expect(view).toMatchObject({
      target_before_mentions: effect!.target.before.mentions,
      target_before_negative: effect!.target.before.negative,
      target_after_mentions: effect!.target.after.mentions,
      control_after_negative: effect!.control.after.negative,
    });
    expect(view!.target_rate_change).toBeCloseTo(effect!.target.change!.estimate, 4);
    expect(view!.difference_in_differences).toBeCloseTo(effect!.differenceInDifferences!.estimate, 4);
  });

  it('intervention_effects equals a recomputation from raw items', async () => {
    const raw = await sql<{ group: string; after: boolean; mentions: number; negative: number }>`
      select case when m.stage = 'onboarding' and m.touchpoint = 'account_login' then 'target' else 'control' end as group,
             i.received_day >= ${FIX}::date as after, count(*)::int as mentions,
             count(*) filter (where m.sentiment_label = 'negative')::int as negative
      from feedback_mentions m join feedback_items i on i.id = m.item_id
      where i.received_day between ${addDays(FIX, -28)}::date and ${addDays(FIX, 27)}::date
      group by 1, 2`.execute(t.db);
    const get = (group: string, after: boolean) =>
      raw.rows.find((r) => r.group === group && r.after === after)!;
    const [view] = await listInterventionEffects(t.db);
    expect(view).toMatchObject({
      target_before_mentions: get('target', false).mentions,
      target_before_negative: get('target', false).negative,
      target_after_mentions: get('target', true).mentions,
      target_after_negative: get('target', true).negative,
      control_before_mentions: get('control', false).mentions,
      control_before_negative: get('control', false).negative,
      control_after_mentions: get('control', true).mentions,
      control_after_negative: get('control', true).negative,
    });
  });
});

/** Counts and labels exactly; float sums within 1e-3 (the daily table adds float4 scores per day first). */
function expectSameRows(actual: Record<string, unknown>[], expected: Record<string, unknown>[]) {
  expect(actual).toHaveLength(expected.length);
  for (const [i, row] of actual.entries()) {
    const want = expected[i]!;
    expect(Object.keys(row)).toEqual(Object.keys(want));
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === 'number' && !Number.isInteger(value))
        expect(value).toBeCloseTo(want[key] as number, 3);
      else expect(value).toEqual(want[key]);
    }
  }
}

describe('the views against raw items', () => {
  it('pain_point_ranking returns the numbers recomputed from raw mentions', async () => {
    const view = await sql<Record<string, unknown>>`
      select bucket_start::text as week, stage, touchpoint, mentions, negative, negative_rate::float8 as negative_rate,
             impact::float8 as impact, previous_negative, previous_impact::float8 as previous_impact, rank
      from pain_point_ranking order by 1, 2, 3`.execute(t.db);
    const raw = await sql<Record<string, unknown>>`
      with w as (
        select date_trunc('week', i.received_day)::date as week, m.stage, m.touchpoint, count(*)::int as mentions,
               count(*) filter (where m.sentiment_label = 'negative')::int as negative,
               coalesce(sum(-m.sentiment_score::float8) filter (where m.sentiment_label = 'negative'), 0) as impact
        from feedback_mentions m join feedback_items i on i.id = m.item_id group by 1, 2, 3)
      select w.week::text as week, w.stage, w.touchpoint, w.mentions, w.negative,
             round(w.negative::numeric / w.mentions, 4)::float8 as negative_rate,
             round(w.impact::numeric, 4)::float8 as impact, coalesce(p.negative, 0) as previous_negative,
             round(coalesce(p.impact, 0)::numeric, 4)::float8 as previous_impact,
             rank() over (partition by w.week order by w.impact desc, w.negative desc)::int as rank
      from w left join w p on p.week = w.week - 7 and p.stage = w.stage and p.touchpoint = w.touchpoint
      order by 1, 2, 3`.execute(t.db);
    expect(view.rows).toHaveLength(WEEKS * plans.length);
    expectSameRows(view.rows, raw.rows);
  });

  it('the weekly and monthly heatmap views return the numbers recomputed from raw mentions', async () => {
    for (const [view, unit] of [
      ['pain_point_heatmap_weekly', 'week'],
      ['pain_point_heatmap_monthly', 'month'],
    ] as const) {
      const stored = await sql<Record<string, unknown>>`
        select bucket_start::text as b, stage, touchpoint, sum(mentions)::int as mentions, sum(negative)::int as negative,
               round(sum(negative_intensity_sum)::numeric, 4)::float8 as pain
        from ${sql.table(view)} group by 1, 2, 3 order by 1, 2, 3`.execute(t.db);
      const raw = await sql<Record<string, unknown>>`
        select date_trunc(${unit}, i.received_day)::date::text as b, m.stage, m.touchpoint, count(*)::int as mentions,
               count(*) filter (where m.sentiment_label = 'negative')::int as negative,
               round(coalesce(sum(-m.sentiment_score::float8) filter (where m.sentiment_label = 'negative'), 0)::numeric, 4)::float8 as pain
        from feedback_mentions m join feedback_items i on i.id = m.item_id group by 1, 2, 3 order by 1, 2, 3`.execute(
        t.db,
      );
      expect(stored.rows.length).toBeGreaterThan(0);
      expectSameRows(stored.rows, raw.rows);
    }
  });
});

describe('ranked pain points', () => {
  it('puts the spiking cell first in its week, with reach, phrases and quotes carrying evidence words', async () => {
    const report = (await listPainPoints(t.db, { asOf: '2026-03-29', weights: new Map() }))!;
    expect(report.period).toEqual({ from: SPIKE_WEEK, to: '2026-03-29' });
    expect(report.previous).toEqual({ from: '2026-03-16', to: '2026-03-22' });
    const [first] = report.painPoints;
    expect(`${first!.stage}/${first!.touchpoint}`).toBe('usage/product');
    expect(first!.trend.direction).toBe('worse');
    const impacts = report.painPoints.map((p) => p.impact);
    expect(impacts).toEqual([...impacts].sort((a, b) => b - a));
    const reach = await sql<{ customers: number }>`
      select count(distinct i.customer_id)::int as customers from feedback_mentions m join feedback_items i on i.id = m.item_id
      where m.stage = 'usage' and m.touchpoint = 'product' and m.sentiment_label = 'negative'
        and i.received_day between ${SPIKE_WEEK}::date and '2026-03-29'::date`.execute(t.db);
    expect(first!.reach.customers).toBe(reach.rows[0]!.customers);
    expect(first!.phrases.map((p) => p.phrase)).toContain('lamp stopped working');
    expect(first!.quotes[0]!.evidence).toEqual(['lamp']);
  });

  it('weights a stage into first place, and filters by persona', async () => {
    const weighted = (await listPainPoints(t.db, {
      asOf: '2026-03-29',
      weights: new Map([['fulfilment', 20]]),
    }))!;
    expect(weighted.painPoints[0]!.stage).toBe('fulfilment');
    const business = (await listPainPoints(t.db, {
      asOf: '2026-03-29',
      weights: new Map(),
      filter: { segment: { persona: 'business' } },
    }))!;
    const all = (await listPainPoints(t.db, { asOf: '2026-03-29', weights: new Map() }))!;
    expect(business.painPoints[0]!.mentions).toBeLessThan(all.painPoints[0]!.mentions);
  });

  it('the API ranks with STAGE_WEIGHTS, the same ranking as the CLI', async () => {
    const config = testConfig({ API_TOKENS, STAGE_WEIGHTS: 'fulfilment=20' }, t.url);
    const server = await startTestServer(config);
    try {
      const response = await fetch(`${server.url}/v1/pain-points?to=2026-03-29&top=4`, {
        headers: auth(tokens.read),
      });
      const api = (await response.json()) as PainPointReport;
      expect(api.weights).toEqual({ fulfilment: 20 });
      expect(api.painPoints[0]?.stage).toBe('fulfilment');
      let text = '';
      const out = {
        write: (chunk: string) => {
          text += chunk;
          return true;
        },
      } as unknown as NodeJS.WritableStream;
      await printPainPoints(
        t.db,
        {
          asOf: '2026-03-29',
          bucket: 'week',
          filter: {},
          weights: resolveStageWeights(config.STAGE_WEIGHTS),
          top: 4,
          json: true,
        },
        out,
      );
      const cli = JSON.parse(text);
      const cells = (report: { painPoints: Array<{ stage: string; touchpoint: string }> }) =>
        report.painPoints.map((p) => `${p.stage}/${p.touchpoint}`);
      expect(cells(api)).toEqual(cells(cli));
    } finally {
      await server.close();
    }
  });

  it('prints JSON and CSV', async () => {
    let text = '';
    const out = {
      write: (chunk: string) => {
        text += chunk;
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    await printPainPoints(
      t.db,
      { asOf: '2026-03-29', bucket: 'week', filter: {}, weights: new Map(), top: 3, json: true },
      out,
    );
    expect(JSON.parse(text).painPoints).toHaveLength(3);
    text = '';
    await printPainPoints(
      t.db,
      { asOf: '2026-03-29', bucket: 'week', filter: {}, weights: new Map(), top: 3, csv: true },
      out,
    );
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]!.split(',').slice(2, 5)).toEqual(['1', 'usage', 'product']);
  });
});

describe('negative clauses', () => {
  it('are cut at the tagger offsets, which count UTF-16 units (an emoji before the clause shifts nothing)', async () => {
    const own = await createTestDb();
    try {
      const text = '😡😡 Great lamp. 🙄 The lamp died after a day';
      const clause = 'The lamp died after a day';
      const start = text.indexOf(clause);
      const row = items('2026-03-25', seededRandom(1))[0]!;
      await own.db.transaction().execute((trx) =>
        writeTaggedItems(trx, [
          {
            ...row,
            externalId: 'emoji-1',
            contentHash: 'emoji-1',
            text,
            stage: 'retention',
            touchpoint: 'product',
            label: 'negative',
            mentions: [
              { ...row.mentions[0]!, ordinal: 0, start: 0, end: start, label: 'positive', score: 0.5 },
              {
                ...row.mentions[0]!,
                ordinal: 1,
                start,
                end: text.length,
                stage: 'retention',
                touchpoint: 'product',
                label: 'negative',
                score: -0.8,
              },
            ],
          },
        ]),
      );
      const clauses = await queryNegativeClauses(own.db, [{ stage: 'retention', touchpoint: 'product' }], {
        from: '2026-03-23',
        to: '2026-03-29',
      });
      expect(clauses.map((c) => c.clause)).toEqual([clause]);
    } finally {
      await own.drop();
    }
  });
});

describe('weekly heatmap', () => {
  it('sums whole weeks from pain_point_weekly and edge days from pain_point_daily, equal to the days alone', async () => {
    const fromDays = async (f: {
      from?: string;
      to?: string;
      source?: string;
      segment?: Record<string, string>;
    }) =>
      (
        await sql<Record<string, unknown>>`
          select date_trunc('week', day::timestamp)::date::text as bucket_start, stage, touchpoint,
                 sum(mentions)::int as mentions, sum(negative)::int as negative, sum(neutral)::int as neutral,
                 sum(positive)::int as positive, sum(sentiment_sum)::float8 as sentiment_sum,
                 sum(negative_intensity_sum)::float8 as negative_intensity_sum, sum(items)::int as items
          from pain_point_daily
          where true ${f.from ? sql`and day >= ${f.from}::date` : sql``} ${f.to ? sql`and day <= ${f.to}::date` : sql``}
            ${f.source ? sql`and source = ${f.source}` : sql``}
            ${f.segment ? sql`and segment @> ${JSON.stringify(f.segment)}::jsonb` : sql``}
          group by 1, stage, touchpoint order by 1, stage, touchpoint`.execute(t.db)
      ).rows;
    const ranges = [
      {},
      { from: '2026-01-05', to: '2026-03-29' }, // Monday to Sunday: weekly rows only
      { from: '2026-01-07', to: '2026-03-24' }, // Wednesday to Tuesday: both edges partial
      { from: '2026-02-11', to: '2026-02-11' }, // one day
      { from: '2026-02-10', to: '2026-02-14' }, // inside one week
      { from: '2026-02-04' },
      { to: '2026-02-18' },
      { from: '2026-01-12', to: '2026-02-25', source: 'app-review' },
      { from: '2026-01-14', to: '2026-03-01', segment: { plan: 'pro' } },
    ];
    for (const range of ranges) {
      const weekly = await queryHeatmap(t.db, { bucket: 'week', ...range });
      const expected = await fromDays(range);
      expect(expected.length, JSON.stringify(range)).toBeGreaterThan(0);
      expect(weekly.length, JSON.stringify(range)).toBe(expected.length);
      for (const [i, row] of weekly.entries()) {
        const want = expected[i]!;
        expect({ ...row, sentiment_sum: 0, negative_intensity_sum: 0 }).toEqual({
          ...want,
          sentiment_sum: 0,
          negative_intensity_sum: 0,
        });
        expect(row.sentiment_sum).toBeCloseTo(want.sentiment_sum as number, 6);
        expect(row.negative_intensity_sum).toBeCloseTo(want.negative_intensity_sum as number, 6);
      }
    }
  });
});
