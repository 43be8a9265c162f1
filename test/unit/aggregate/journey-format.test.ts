import { describe, expect, it } from 'vitest';
import { formatJourney } from '../../../src/aggregate/journey.format.js';
import type { JourneyCellRow, PeriodName, StageSpreadRow } from '../../../src/aggregate/journey.query.js';
import { lastWholeWeeks } from '../../../src/aggregate/periods.js';
import { STAGES } from '../../../src/domain.js';

/** A row of `mentions` clauses: `negative` of them at −0.5, `positive` at +0.5, the rest at 0. */
function row(
  period: PeriodName,
  stage: string,
  touchpoint: string,
  mentions: number,
  negative: number,
  positive = 0,
): JourneyCellRow {
  return {
    period,
    stage,
    touchpoint,
    mentions,
    negative,
    positive,
    neutral: mentions - negative - positive,
    sentiment_sum: 0.5 * (positive - negative),
    negative_intensity_sum: 0.5 * negative,
  };
}

/** The spread of those clauses, each its own item: the squared standard error is var_samp / n. */
function spreadOf(rows: readonly JourneyCellRow[]): StageSpreadRow[] {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.period}|${r.stage}`;
    const scores = groups.get(key) ?? [];
    scores.push(...Array(r.negative).fill(-0.5), ...Array(r.positive).fill(0.5), ...Array(r.neutral).fill(0));
    groups.set(key, scores);
  }
  return [...groups].map(([key, xs]) => {
    const [period, stage] = key.split('|') as [PeriodName, string];
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.length < 2 ? null : xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
    return {
      period,
      stage,
      mentions: xs.length,
      items: xs.length,
      squared_error: variance === null ? null : variance / xs.length,
    };
  });
}

const journey = (rows: JourneyCellRow[], options = {}) => formatJourney(rows, spreadOf(rows), options);

describe('the journey map of a period', () => {
  it('lists every stage in codebook order, leaves `unknown` off the map and counts it', () => {
    const map = journey([
      row('current', 'usage', 'product', 4, 1),
      row('current', 'unknown', 'unknown', 3, 0),
    ]);
    expect(map.stages.map((s) => s.stage)).toEqual([...STAGES]);
    expect(map.unplaced).toBe(3);
    const quiet = map.stages.find((s) => s.stage === 'awareness')!;
    expect(quiet.current).toMatchObject({ mentions: 0, sentiment: null, negativeShare: null });
    expect(quiet.change.direction).toBeNull();
  });

  it('gives the mean sentiment from the sums with a t interval from the spread, and the share negative', () => {
    // 10 clauses: 4 at −0.5, 2 at +0.5, 4 at 0 → mean −0.1, sample variance 1.4/9.
    const map = journey([row('current', 'fulfilment', 'delivery', 10, 4, 2)]);
    const stage = map.stages.find((s) => s.stage === 'fulfilment')!;
    const half = 2.2621571627409915 * Math.sqrt(1.4 / 9 / 10); // scipy t.ppf(0.975, 9)
    expect(stage.current.sentiment!.estimate).toBeCloseTo(-0.1, 4);
    expect(stage.current.sentiment!.low).toBeCloseTo(-0.1 - half, 4);
    expect(stage.current.sentiment!.high).toBeCloseTo(-0.1 + half, 4);
    // Wilson 95% interval of 4/10.
    expect(stage.current.negativeShare).toEqual({ estimate: 0.4, low: 0.1682, high: 0.6873 });
    expect(stage.current).toMatchObject({ mentions: 10, negative: 4, positive: 2, neutral: 4, pain: 2 });
  });

  it('takes items as the units of the interval when clauses come several to an item', () => {
    const rows = [row('current', 'support', 'live_chat', 10, 6, 2)];
    // 10 clauses from 4 items, with a squared standard error of 0.01: t(0.975, 3) × 0.1.
    const spread = [
      { period: 'current' as const, stage: 'support', mentions: 10, items: 4, squared_error: 0.01 },
    ];
    const support = formatJourney(rows, spread).stages.find((s) => s.stage === 'support')!;
    const half = 3.182446305284263 * 0.1; // scipy t.ppf(0.975, 3)
    expect(support.current.sentiment!.estimate).toBeCloseTo(-0.2, 4);
    expect(support.current.sentiment!.high).toBeCloseTo(-0.2 + half, 4);
  });

  it('cuts a small sample’s interval at the ends of the sentiment scale', () => {
    // Two clauses, −0.5 and +0.5: t(0.975, 1) × 0.5 ≈ 6.4 either side of 0, cut to −1 … 1.
    const map = journey([row('current', 'awareness', 'email', 2, 1, 1)]);
    expect(map.stages[0]!.current.sentiment).toEqual({ estimate: 0, low: -1, high: 1 });
    // One clause: a mean, but nothing about its spread.
    const one = journey([row('current', 'awareness', 'email', 1, 0, 1)]);
    expect(one.stages[0]!.current.sentiment).toEqual({ estimate: 0.5, low: -1, high: 1 });
    // A difference of two small samples stays within −2 … 2.
    const small = journey([
      row('previous', 'awareness', 'email', 2, 0, 2),
      row('current', 'awareness', 'email', 3, 2, 1),
    ]);
    const change = small.stages[0]!.change.sentiment!;
    expect(change.low).toBeGreaterThanOrEqual(-2);
    expect(change.high).toBeLessThanOrEqual(2);
  });

  it('marks a stage worse only when its mean sentiment fell beyond chance', () => {
    const map = journey([
      row('previous', 'fulfilment', 'delivery', 200, 40, 100),
      row('current', 'fulfilment', 'delivery', 200, 140, 20),
      row('previous', 'usage', 'product', 50, 10, 20),
      row('current', 'usage', 'product', 50, 12, 19),
      row('previous', 'support', 'live_chat', 1, 1),
      row('current', 'support', 'live_chat', 30, 3),
    ]);
    const by = (stage: string) => map.stages.find((s) => s.stage === stage)!;
    expect(by('fulfilment').change.direction).toBe('worse');
    expect(by('fulfilment').change.sentiment!.high).toBeLessThan(0);
    expect(by('fulfilment').change.negativeShare!.estimate).toBeCloseTo(0.5, 4);
    expect(by('usage').change.direction).toBe('steady');
    expect(by('usage').change.sentiment!.low).toBeLessThan(0);
    // One mention before: no spread, so no test.
    expect(by('support').change).toMatchObject({ sentiment: null, direction: null });
  });

  it('ranks pain points by pain and delights by positive mentions, as separate objects', () => {
    const map = journey(
      [
        row('current', 'usage', 'mobile_app', 100, 30, 60),
        row('current', 'usage', 'product', 60, 40, 5),
        row('current', 'usage', 'website', 20, 5, 10),
        row('current', 'usage', 'email', 5, 0, 5),
      ],
      { top: 2 },
    );
    const usage = map.stages.find((s) => s.stage === 'usage')!;
    expect(usage.painPoints.map((p) => [p.touchpoint, p.pain])).toEqual([
      ['product', 20],
      ['mobile_app', 15],
    ]);
    expect(usage.delights.map((p) => [p.touchpoint, p.positive])).toEqual([
      ['mobile_app', 60],
      ['website', 10],
    ]);
    expect(usage.touchpoints.map((t) => t.touchpoint)).toEqual(['mobile_app', 'product', 'website', 'email']);
    // The caller gives pain points and delights different quotes: one must not overwrite the other.
    expect(usage.painPoints[1]).not.toBe(usage.delights[0]);
  });

  it('lists the cells whose share negative moved beyond chance, the largest excess first', () => {
    const map = journey([
      row('previous', 'usage', 'account_login', 160, 88),
      row('current', 'usage', 'account_login', 100, 20),
      row('previous', 'usage', 'product', 300, 90),
      row('current', 'usage', 'product', 300, 96),
      row('previous', 'usage', 'website', 8, 0),
      row('current', 'usage', 'website', 8, 8),
      row('previous', 'fulfilment', 'delivery', 250, 90),
      row('current', 'fulfilment', 'delivery', 550, 360),
    ]);
    const usage = map.stages.find((s) => s.stage === 'usage')!;
    // website jumped 0 → 100% but on 8 mentions: below the floor, not tested.
    expect(usage.changes.map((c) => c.touchpoint)).toEqual(['account_login']);
    const login = usage.changes[0]!;
    expect(login.direction).toBe('better');
    expect(login.excessNegative).toBeCloseTo(20 - 0.55 * 100, 1);
    expect(login.change.high).toBeLessThan(0);
    expect(login.change.q).toBeLessThan(0.05);
    const delivery = map.stages.find((s) => s.stage === 'fulfilment')!.changes[0]!;
    expect(delivery).toMatchObject({ touchpoint: 'delivery', direction: 'worse' });
    expect(delivery.excessNegative).toBeCloseTo(360 - (90 / 250) * 550, 1);
  });
});

describe('the default period', () => {
  it.each([
    ['a Sunday ends its own week', 13, '2026-08-23', { from: '2026-05-25', to: '2026-08-23' }],
    [
      'a Wednesday falls back to the Sunday before',
      4,
      '2026-08-19',
      { from: '2026-07-20', to: '2026-08-16' },
    ],
    ['one week', 1, '2026-06-07', { from: '2026-06-01', to: '2026-06-07' }],
  ])('%s', (_name, weeks, asOf, expected) => {
    expect(lastWholeWeeks(weeks, asOf)).toEqual(expected);
  });
});
