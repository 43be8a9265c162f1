import { describe, expect, it } from 'vitest';
import { type CellSeries, type DayCounts, denseCellDays } from '../../../src/aggregate/cell-days.format.js';
import { rankPainPoints } from '../../../src/aggregate/pain-points.format.js';
import { parseStageWeights, weightOf } from '../../../src/aggregate/stage-weights.js';
import { STAGES, TOUCHPOINTS } from '../../../src/domain.js';

const d = (mentions: number, negative: number, intensity: number): DayCounts => ({
  mentions,
  negative,
  sentimentSum: -intensity,
  intensity,
});
const zero: DayCounts = { mentions: 0, negative: 0, sentimentSum: 0, intensity: 0 };
// Two previous days, then two days of the period.
const cell = (stage: string, touchpoint: string, days: DayCounts[]): CellSeries => ({
  stage,
  touchpoint,
  days,
});
const cells = [
  cell('fulfilment', 'delivery', [d(5, 1, 0.5), zero, d(10, 4, 2), d(10, 2, 1)]), // intensity 3
  cell('onboarding', 'account_login', [zero, zero, d(8, 4, 3.2), d(8, 4, 3.2)]), // intensity 6.4
  cell('purchase', 'checkout', [zero, zero, d(20, 10, 4), zero]), // intensity 4, the most negatives
  cell('usage', 'product', [d(6, 3, 1.5), zero, d(4, 0, 0), zero]), // only in the previous period
  cell('awareness', 'website', [d(9, 0, 0), zero, d(9, 0, 0), zero]), // never negative: not ranked
];
const options = {
  previous: { from: '2026-03-01', to: '2026-03-02' },
  period: { from: '2026-03-03', to: '2026-03-04' },
};

describe('ranking pain points by impact = negative × severity × weight', () => {
  it('draws intervals only for the top cells when asked, the same intervals as for all, in the same order', () => {
    const all = rankPainPoints(cells, { ...options, weights: new Map() });
    const top2 = rankPainPoints(cells, { ...options, weights: new Map(), intervalsFor: 2 });
    expect(top2.map((r) => r.stage)).toEqual(all.map((r) => r.stage));
    expect(top2.slice(0, 2)).toEqual(all.slice(0, 2));
    expect(all[2]!.impactCi).not.toBeNull();
    expect(top2.slice(2).map((r) => [r.impactCi, r.trend.ci, r.trend.direction])).toEqual([
      [null, null, 'steady'],
      [null, null, 'steady'],
    ]);
    expect(top2.slice(2).map((r) => r.impact)).toEqual(all.slice(2).map((r) => r.impact));
  });

  it('orders the hand-computed example without weights', () => {
    const ranked = rankPainPoints(cells, { ...options, weights: new Map() });
    expect(ranked.map((r) => [r.rank, `${r.stage}/${r.touchpoint}`, r.impact])).toEqual([
      [1, 'onboarding/account_login', 6.4],
      [2, 'purchase/checkout', 4],
      [3, 'fulfilment/delivery', 3],
      [4, 'usage/product', 0],
    ]);
  });

  it('orders the hand-computed example with moments-of-truth weights', () => {
    const weights = parseStageWeights('fulfilment=1.5, purchase/checkout=0.5');
    const ranked = rankPainPoints(cells, { ...options, weights });
    expect(ranked.map((r) => [`${r.stage}/${r.touchpoint}`, r.weight, r.impact])).toEqual([
      ['onboarding/account_login', 1, 6.4],
      ['fulfilment/delivery', 1.5, 4.5],
      ['purchase/checkout', 0.5, 2],
      ['usage/product', 1, 0],
    ]);
  });

  it('carries denominators, severity, the previous period and intervals', () => {
    const [, , delivery] = rankPainPoints(cells, { ...options, weights: new Map() });
    expect(delivery).toMatchObject({
      stage: 'fulfilment',
      mentions: 20,
      negative: 6,
      negativeRate: 0.3,
      severity: 0.5,
      painIndex: 1.5,
      previous: { mentions: 5, negative: 1, negativeRate: 0.2, impact: 0.5 },
      trend: { change: 2.5 },
    });
    expect(delivery!.impactCi!.low).toBeLessThanOrEqual(3);
    expect(delivery!.impactCi!.high).toBeGreaterThanOrEqual(3);
    expect(delivery!.negativeRateCi!.low).toBeLessThan(0.3);
  });

  it('breaks a tie in impact by the number of negative mentions', () => {
    const tie = [
      cell('usage', 'product', [zero, d(2, 2, 2)]),
      cell('support', 'live_chat', [zero, d(4, 4, 2)]),
    ];
    const ranked = rankPainPoints(tie, {
      previous: { from: '2026-03-01', to: '2026-03-01' },
      period: { from: '2026-03-02', to: '2026-03-02' },
      weights: new Map(),
    });
    expect(ranked.map((r) => r.touchpoint)).toEqual(['live_chat', 'product']);
  });

  it('is deterministic: the same input gives the same intervals', () => {
    const a = rankPainPoints(cells, { ...options, weights: new Map() });
    const b = rankPainPoints([...cells].reverse(), { ...options, weights: new Map() });
    expect(b).toEqual(a);
  });
});

describe('stage weights', () => {
  it('parses stage and stage/touchpoint entries, the more specific winning', () => {
    const w = parseStageWeights('fulfilment=1.5,fulfilment/delivery=3');
    expect(weightOf(w, 'fulfilment', 'delivery')).toBe(3);
    expect(weightOf(w, 'fulfilment', 'email')).toBe(1.5);
    expect(weightOf(w, 'usage', 'product')).toBe(1);
    expect(parseStageWeights(undefined).size).toBe(0);
  });

  it.each(['fulfilment', 'fulfilment=0', 'fulfilment=-1', 'Fulfilment=2'])(
    'refuses %s with a hint',
    (text) => {
      expect(() => parseStageWeights(text)).toThrow(/stage=weight/);
    },
  );
});

describe('the dense cell grid', () => {
  it('fills every stage × touchpoint × day with zeros around a sparse result', () => {
    const grid = denseCellDays(
      [
        {
          day: '2026-03-02',
          stage: 'fulfilment',
          touchpoint: 'delivery',
          mentions: 3,
          negative: 2,
          sentiment_sum: -1,
          negative_intensity_sum: 1.2,
        },
        {
          day: '2026-03-02',
          stage: 'unknown',
          touchpoint: 'unknown',
          mentions: 1,
          negative: 0,
          sentiment_sum: 0,
          negative_intensity_sum: 0,
        },
      ],
      { from: '2026-03-01', to: '2026-03-03' },
    );
    expect(grid).toHaveLength((STAGES.length + 1) * (TOUCHPOINTS.length + 1));
    for (const c of grid) expect(c.days).toHaveLength(3);
    const delivery = grid.find((c) => c.stage === 'fulfilment' && c.touchpoint === 'delivery')!;
    expect(delivery.days).toEqual([
      zero,
      { mentions: 3, negative: 2, sentimentSum: -1, intensity: 1.2 },
      zero,
    ]);
    expect(grid.filter((c) => c.days.some((x) => x.mentions > 0))).toHaveLength(2);
  });
});
