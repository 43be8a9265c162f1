import { describe, expect, it } from 'vitest';
import { pointsOf, rankDrivers } from '../../../src/aggregate/drivers.format.js';
import type { DriverCounts } from '../../../src/aggregate/drivers.query.js';
import { seededRandom } from '../../../src/aggregate/stats/prng.js';

interface Respondent {
  rating: number;
  customer: string | null;
  /** Cells this respondent complained about, `stage/touchpoint`, with their negative mentions. */
  cells: Record<string, number>;
}

/** What queryDriverCounts returns for these respondents, in memory. */
function rowsOf(respondents: readonly Respondent[], source = 'survey', scale = 'nps'): DriverCounts {
  const counts: DriverCounts = { ratings: [], reach: [] };
  const add = (stage: string | null, touchpoint: string | null, group: readonly Respondent[]) => {
    const cell = `${stage}/${touchpoint}`;
    for (const rating of new Set(group.map((r) => r.rating))) {
      const of = group.filter((r) => r.rating === rating);
      counts.ratings.push({
        source,
        scale,
        stage,
        touchpoint,
        rating,
        respondents: of.length,
        mentions: stage ? of.reduce((n, r) => n + (r.cells[cell] ?? 0), 0) : 0,
        anonymous: of.filter((r) => r.customer === null).length,
      });
    }
    const customers = new Set(group.map((r) => r.customer).filter((c) => c !== null)).size;
    counts.reach.push({ source, scale, stage, touchpoint, customers });
  };
  add(null, null, respondents);
  for (const cell of new Set(respondents.flatMap((r) => Object.keys(r.cells)))) {
    const [stage, touchpoint] = cell.split('/') as [string, string];
    add(
      stage,
      touchpoint,
      respondents.filter((r) => cell in r.cells),
    );
  }
  return counts;
}

const merge = (a: DriverCounts, b: DriverCounts): DriverCounts => ({
  ratings: [...a.ratings, ...b.ratings],
  reach: [...a.reach, ...b.reach],
});
const npsOf = (ratings: readonly number[]) =>
  (100 * (ratings.filter((r) => r >= 9).length - ratings.filter((r) => r <= 6).length)) / ratings.length;
const meanOf = (ratings: readonly number[]) => ratings.reduce((s, r) => s + r, 0) / ratings.length;

describe('the remove-theme impact', () => {
  const respondents: Respondent[] = [
    { rating: 10, customer: 'a', cells: {} },
    { rating: 9, customer: 'b', cells: { 'purchase/checkout': 1 } },
    { rating: 8, customer: 'c', cells: {} },
    { rating: 2, customer: 'd', cells: { 'fulfilment/delivery': 2 } },
    { rating: 3, customer: 'd', cells: { 'fulfilment/delivery': 1, 'purchase/checkout': 1 } },
    { rating: 6, customer: null, cells: { 'fulfilment/delivery': 1 } },
    { rating: 10, customer: 'e', cells: {} },
    { rating: 7, customer: 'f', cells: { 'purchase/checkout': 3 } },
  ];

  it('is the NPS of everyone else minus the NPS of all, recomputed respondent by respondent', () => {
    const [score] = rankDrivers(rowsOf(respondents), { iterations: 200 });
    const all = respondents.map((r) => r.rating);
    expect(score).toMatchObject({ source: 'survey', scale: 'nps', metric: 'nps', respondents: 8 });
    expect(score!.score).toBeCloseTo(npsOf(all), 4);
    for (const cell of ['fulfilment/delivery', 'purchase/checkout']) {
      const [stage, touchpoint] = cell.split('/');
      const driver = score!.drivers.find((d) => d.stage === stage && d.touchpoint === touchpoint)!;
      const rest = respondents.filter((r) => !(cell in r.cells)).map((r) => r.rating);
      const among = respondents.filter((r) => cell in r.cells).map((r) => r.rating);
      expect(driver.impact).toBeCloseTo(npsOf(rest) - npsOf(all), 4);
      expect(driver.scoreWithout).toBeCloseTo(npsOf(rest), 4);
      expect(driver.scoreAmong).toBeCloseTo(npsOf(among), 4);
      expect(driver.respondents).toBe(among.length);
      expect(driver.share).toBeCloseTo(among.length / all.length, 4);
    }
    const delivery = score!.drivers[0]!;
    expect(delivery).toMatchObject({ rank: 1, stage: 'fulfilment', touchpoint: 'delivery', mentions: 4 });
    // Customer d answered twice; one answer names no customer.
    expect(delivery.reach).toEqual({ customers: 1, ofCustomers: 6, anonymousRespondents: 1 });
  });

  it('uses the mean rating on other scales, and never mixes a source’s scales', () => {
    const stars = respondents.map((r) => ({ ...r, rating: Math.max(1, Math.round(r.rating / 2)) }));
    const scores = rankDrivers(merge(rowsOf(respondents), rowsOf(stars, 'survey', 'stars5')), {
      iterations: 200,
    });
    expect(scores.map((s) => [s.scale, s.metric, s.respondents])).toEqual([
      ['nps', 'nps', 8],
      ['stars5', 'mean_rating', 8],
    ]);
    const rest = stars.filter((r) => !('fulfilment/delivery' in r.cells)).map((r) => r.rating);
    const delivery = scores[1]!.drivers.find((d) => d.touchpoint === 'delivery')!;
    expect(scores[1]!.score).toBeCloseTo(meanOf(stars.map((r) => r.rating)), 4);
    expect(delivery.impact).toBeCloseTo(meanOf(rest) - meanOf(stars.map((r) => r.rating)), 4);
  });

  it('has no impact for a cell every respondent complained about, and ranks it last', () => {
    const everyone = respondents.map((r) => ({ ...r, cells: { ...r.cells, 'usage/product': 1 } }));
    const [score] = rankDrivers(rowsOf(everyone), { iterations: 200 });
    const last = score!.drivers.at(-1)!;
    expect(last).toMatchObject({ stage: 'usage', touchpoint: 'product', impact: null, scoreWithout: null });
    expect(last.impactCi).toBeNull();
  });

  it('gives the same intervals on every run, and keeps only the top drivers when asked', () => {
    const a = rankDrivers(rowsOf(respondents));
    const b = rankDrivers(rowsOf(respondents));
    expect(a).toEqual(b);
    const top = rankDrivers(rowsOf(respondents), { top: 1 });
    expect(top[0]!.drivers).toEqual([a[0]!.drivers[0]]);
  });

  it('scores NPS as the mean of +100, 0 and −100', () => {
    expect([0, 6, 7, 8, 9, 10].map((r) => pointsOf('nps', r))).toEqual([-100, -100, 0, 0, 100, 100]);
    expect(pointsOf('mean_rating', 4)).toBe(4);
  });
});

// ---------------------------------------------------------------------------------------------
// A planted driver: respondents who complain about one cell rate lower by a known amount. Another
// cell's complaints come independently of the rating (no effect). The true impacts follow from
// the model: for the driver p × (score of the base ratings − score of the lowered ones), for the
// other cell 0. Each must lie inside its 95% interval in at least 90 of 100 seeds.
// ---------------------------------------------------------------------------------------------

interface Model {
  scale: 'nps' | 'stars5';
  /** Weights of the base ratings, from the scale's lowest value up. */
  weights: readonly number[];
  lowest: number;
  drop: number;
  driverShare: number;
  otherShare: number;
}

const MODELS: Model[] = [
  {
    scale: 'nps',
    weights: [2, 1, 2, 3, 3, 5, 6, 10, 14, 22, 32],
    lowest: 0,
    drop: 2,
    driverShare: 0.2,
    otherShare: 0.25,
  },
  { scale: 'stars5', weights: [5, 5, 10, 30, 50], lowest: 1, drop: 2, driverShare: 0.15, otherShare: 0.3 },
];

function trueImpact(model: Model): number {
  const total = model.weights.reduce((s, w) => s + w, 0);
  const score = (shift: number) =>
    model.weights.reduce((s, w, i) => {
      const rating = Math.max(model.lowest, model.lowest + i - shift);
      const points = model.scale === 'nps' ? pointsOf('nps', rating) : rating;
      return s + (w / total) * points;
    }, 0);
  return model.driverShare * (score(0) - score(model.drop));
}

function simulate(model: Model, seed: number, n = 1500): Respondent[] {
  const random = seededRandom(seed);
  const total = model.weights.reduce((s, w) => s + w, 0);
  return Array.from({ length: n }, (_, i) => {
    let u = random() * total;
    let index = 0;
    while (u >= model.weights[index]!) u -= model.weights[index++]!;
    const driver = random() < model.driverShare;
    const other = random() < model.otherShare;
    const rating = Math.max(model.lowest, model.lowest + index - (driver ? model.drop : 0));
    const cells: Record<string, number> = {};
    if (driver) cells['fulfilment/delivery'] = 1;
    if (other) cells['usage/product'] = 1;
    return { rating, customer: `c${i}`, cells };
  });
}

describe.each(MODELS)('a planted driver on the $scale scale', (model) => {
  it('is recovered inside its interval in at least 90 of 100 seeds, ranked first, beside a cell of no effect', () => {
    const truth = trueImpact(model);
    expect(truth).toBeGreaterThan(0);
    let driverCovered = 0;
    let otherCovered = 0;
    let driverFirst = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const [score] = rankDrivers(rowsOf(simulate(model, seed), 'survey', model.scale), { seed });
      const driver = score!.drivers.find((d) => d.touchpoint === 'delivery')!;
      const other = score!.drivers.find((d) => d.touchpoint === 'product')!;
      if (driver.impactCi!.low <= truth && truth <= driver.impactCi!.high) driverCovered++;
      if (other.impactCi!.low <= 0 && 0 <= other.impactCi!.high) otherCovered++;
      if (driver.rank === 1) driverFirst++;
    }
    expect(driverCovered).toBeGreaterThanOrEqual(90);
    expect(otherCovered).toBeGreaterThanOrEqual(90);
    expect(driverFirst).toBe(100);
  });
});
