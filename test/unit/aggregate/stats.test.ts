import { describe, expect, it } from 'vitest';
import {
  binomialUpperTail,
  hypergeometricUpperTail,
  logGamma,
  normalQuantile,
  poissonUpperTail,
} from '../../../src/aggregate/stats/distributions.js';
import {
  bootstrapInterval,
  bootstrapSums,
  meanDifference,
  meanInterval,
  poissonBootstrapInterval,
  proportionDifference,
  wilsonInterval,
} from '../../../src/aggregate/stats/intervals.js';
import { poissonDraw, seededRandom } from '../../../src/aggregate/stats/prng.js';
import {
  benjaminiHochberg,
  negativeShareRiseTest,
  poissonRiseTest,
} from '../../../src/aggregate/stats/tests.js';

// Expected values computed by hand (small cases) or with scipy.stats (noted).
describe('exact tail probabilities', () => {
  it.each([
    ['P(Bin(5, ½) ≥ 3) = 16/32', binomialUpperTail(3, 5, 0.5), 0.5],
    ['P(Bin(5, ½) ≥ 5) = 1/32', binomialUpperTail(5, 5, 0.5), 1 / 32],
    ['P(Bin(n, p) ≥ 0) = 1', binomialUpperTail(0, 7, 0.3), 1],
    ['P(Bin(3, p) ≥ 4) = 0', binomialUpperTail(4, 3, 0.3), 0],
    [
      'P(Bin(18, 0.2) ≥ 10), scipy binom.sf(9, 18, 0.2)',
      binomialUpperTail(10, 18, 0.2),
      0.000910892357386241,
    ],
    ['P(Bin(1000, 0.18) ≥ 200), scipy', binomialUpperTail(200, 1000, 0.18), 0.05568578298336666],
    ['P(Poisson(2) ≥ 1) = 1 − e⁻²', poissonUpperTail(1, 2), 1 - Math.exp(-2)],
    ['P(Poisson(1) ≥ 3) = 1 − 2.5/e', poissonUpperTail(3, 1), 1 - 2.5 * Math.exp(-1)],
    ['P(Poisson(12.5) ≥ 30), scipy poisson.sf(29, 12.5)', poissonUpperTail(30, 12.5), 1.8774147181836048e-5],
    ['Fisher [[3,1],[1,3]] one-sided = 17/70', hypergeometricUpperTail(3, 8, 4, 4), 17 / 70],
    ['Fisher at the lowest possible count = 1', hypergeometricUpperTail(0, 8, 4, 4), 1],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBeCloseTo(expected, 10);
  });

  it('computes ln Γ and the normal quantile', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 10);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 7);
  });
});

describe('the rise tests', () => {
  it('tests the latest count against the baseline mean as a conditional binomial', () => {
    expect(poissonRiseTest(10, 8, 4)).toBeCloseTo(binomialUpperTail(10, 18, 0.2), 12);
    expect(poissonRiseTest(2, 40, 4)).toBeGreaterThan(0.99);
    expect(poissonRiseTest(5, 10, 0)).toBe(1);
  });

  it('tests a higher negative share with a one-sided Fisher test', () => {
    expect(negativeShareRiseTest(3, 4, 1, 4)).toBeCloseTo(17 / 70, 12);
    expect(negativeShareRiseTest(3, 0, 1, 4)).toBe(1);
    expect(negativeShareRiseTest(30, 40, 60, 400)).toBeLessThan(1e-10);
  });
});

describe('Benjamini–Hochberg', () => {
  it.each([
    [
      [0.01, 0.04, 0.03, 0.005],
      [0.02, 0.04, 0.04, 0.02],
    ],
    [[0.5], [0.5]],
    [
      [0.02, 0.02, 0.9],
      [0.03, 0.03, 0.9],
    ],
    [[], []],
  ])('adjusts %j to %j', (p, q) => {
    const adjusted = benjaminiHochberg(p);
    expect(adjusted).toHaveLength(q.length);
    for (const [i, value] of q.entries()) expect(adjusted[i]).toBeCloseTo(value, 12);
  });
});

describe('intervals', () => {
  it('gives the Wilson interval of 8 in 10 (hand-computed with z = 1.959964)', () => {
    const ci = wilsonInterval(8, 10)!;
    expect(ci.estimate).toBe(0.8);
    expect(ci.low).toBeCloseTo(0.4901624715366418, 8);
    expect(ci.high).toBeCloseTo(0.9433178485456248, 8);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(0, 5)!.low).toBe(0);
  });

  it('bootstraps deterministically for a seed, and around the estimate', () => {
    const days = [3, 5, 4, 8, 2, 6, 5, 4, 7, 3];
    const sum = ([d]: number[][]) => d!.reduce((a, b) => a + b, 0);
    const a = bootstrapInterval([days], sum, { seed: 7 })!;
    const b = bootstrapInterval([days], sum, { seed: 7 })!;
    expect(a).toEqual(b);
    expect(a.estimate).toBe(47);
    expect(a.low).toBeLessThan(47);
    expect(a.high).toBeGreaterThan(47);
    expect(bootstrapInterval([[5, 5, 5]], sum)).toEqual({ estimate: 15, low: 15, high: 15 });
    expect(bootstrapInterval([[]], sum)).toBeNull();
  });

  it('draws the same resamples as a fresh array per group and resample did (the intervals are unchanged)', () => {
    // The bootstrap before its buffers were reused, kept as the reference.
    const reference = (groups: number[][], statistic: (g: number[][]) => number, seed: number) => {
      const random = seededRandom(seed);
      const values: number[] = [];
      for (let i = 0; i < 1000; i++) {
        values.push(
          statistic(
            groups.map((g) => Array.from({ length: g.length }, () => g[Math.floor(random() * g.length)]!)),
          ),
        );
      }
      return values.sort((a, b) => a - b);
    };
    // Order-sensitive, so any change in which draw lands where shows.
    const positional = (gs: number[][]) =>
      gs.reduce((n, g, k) => n + g.reduce((m, x, j) => m + x * (j + 1) * (k + 2), 0), 0);
    for (const [seed, groups] of [
      [1, [[3, 5, 4, 8, 2, 6, 5]]],
      [
        42,
        [
          [0.5, 1.25, 2],
          [7, 1, 0, 3, 9, 4, 4],
        ],
      ],
      [20_260_101, [[1, 2, 3], [4], [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]]],
    ] as Array<[number, number[][]]>) {
      const values = reference(groups, positional, seed);
      const ci = bootstrapInterval(groups, positional, { seed })!;
      expect(ci.low).toBe(values[25]);
      expect(ci.high).toBe(values[975]);
    }
  });

  it('takes the same percentiles as a filter and a sort by a − b did, with −0, NaN and ±Infinity among them', () => {
    // The percentile step before it sorted a typed array, kept as the reference.
    const reference = (groups: number[][], statistic: (g: number[][]) => number, seed: number) => {
      const random = seededRandom(seed);
      const resampled = Array.from({ length: 1000 }, () =>
        statistic(groups.map((g) => g.map(() => g[Math.floor(random() * g.length)]!))),
      );
      const values = resampled.filter(Number.isFinite).sort((a, b) => a - b);
      if (values.length < resampled.length / 2) return null;
      const at = (q: number) =>
        values[Math.min(values.length - 1, Math.max(0, Math.floor(q * values.length)))]!;
      return { estimate: statistic(groups), low: at(0.025), high: at(0.975) };
    };
    const sum = (g: number[]) => g.reduce((a, b) => a + b, 0);
    const cases: Array<[string, number[][], (g: number[][]) => number]> = [
      [
        'zeros of either sign',
        [
          [0, 0, 1],
          [0, 1, 0],
        ],
        ([a, b]) => (sum(a!) - sum(b!)) * -1,
      ],
      ['zeros of both signs', [[1, 2]], ([a]) => (sum(a!) % 2 === 0 ? 0 : -0)],
      ['mostly −0', [[0, 0, 0, 2]], ([a]) => (sum(a!) > 2 ? 1 : -0)],
      [
        'a ratio, sometimes 0/0 or x/0',
        [
          [0, 1, 2],
          [0, 0, 3],
        ],
        ([a, b]) => sum(a!) / sum(b!),
      ],
      ['mostly undefined', [[0, 0, 0, 1]], ([a]) => (sum(a!) > 0 ? 1 : Number.NaN)],
      ['ties', [[1, 1, 2, 2, 3]], ([a]) => Math.max(...a!)],
    ];
    for (const [name, groups, statistic] of cases) {
      for (const seed of [1, 2, 3]) {
        const ci = bootstrapInterval(groups, statistic, { seed });
        expect(ci, name).toEqual(reference(groups, statistic, seed));
        if (ci)
          expect([Object.is(ci.low, -0), Object.is(ci.high, -0)], name).toEqual(
            [reference(groups, statistic, seed)!.low, reference(groups, statistic, seed)!.high].map((v) =>
              Object.is(v, -0),
            ),
          );
      }
    }
  });

  it('bootstraps sums to the same intervals, to the last bit, as resampling the groups and summing them', () => {
    const random = seededRandom(5);
    const group = (n: number) => Array.from({ length: n }, () => (random() < 0.3 ? 0 : random() * 3));
    const sum = (g: readonly number[]) => {
      let total = 0;
      for (const x of g) total += x;
      return total;
    };
    for (const n of [1, 2, 3, 7, 14, 28, 91]) {
      const [a, b] = [group(n), group(n + (n % 3))];
      for (const seed of [n, 20_260_101]) {
        expect(bootstrapSums([a], (s) => s[0]! * 1.5, { seed })).toEqual(
          bootstrapInterval([a], ([x]) => sum(x!) * 1.5, { seed }),
        );
        expect(bootstrapSums([a, b], (s) => (s[1]! - s[0]!) * 0.7, { seed, iterations: 300 })).toEqual(
          bootstrapInterval([a, b], ([x, y]) => (sum(y!) - sum(x!)) * 0.7, { seed, iterations: 300 }),
        );
        expect(bootstrapSums([a, b], (s) => s[0]! / s[1]!, { seed })).toEqual(
          bootstrapInterval([a, b], ([x, y]) => sum(x!) / sum(y!), { seed }),
        );
      }
    }
    expect(bootstrapSums([[1, 2], []], (s) => s[0]!)).toBeNull();
    expect(bootstrapSums([[0, 0]], (s) => 1 / s[0]!)).toBeNull();
  });

  it('covers the true mean of Poisson days about 95% of the time', () => {
    const random = seededRandom(11);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const days = Array.from({ length: 28 }, () => poissonDraw(6, random));
      const ci = bootstrapInterval([days], ([d]) => d!.reduce((a, b) => a + b, 0), {
        seed: t,
        iterations: 400,
      })!;
      if (ci.low <= 168 && 168 <= ci.high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThanOrEqual(1);
  });

  it('Poisson-bootstraps a share from counts to about the normal-theory interval, deterministically', () => {
    // 300 of 1000 say yes: p ± 1.96·√(p(1−p)/n) = 0.3 ± 0.0284.
    const share = (c: readonly number[]) => c[1]! / (c[0]! + c[1]!);
    const ci = poissonBootstrapInterval([700, 300], share, { seed: 3 })!;
    expect(ci.estimate).toBe(0.3);
    expect(ci.low).toBeCloseTo(0.3 - 0.0284, 2);
    expect(ci.high).toBeCloseTo(0.3 + 0.0284, 2);
    expect(poissonBootstrapInterval([700, 300], share, { seed: 3 })).toEqual(ci);
    expect(poissonBootstrapInterval([0, 0], share)).toBeNull();
    // A share of 1 in 2: most resamples are finite, those without anyone are dropped.
    expect(poissonBootstrapInterval([1, 1], share, { seed: 1 })).not.toBeNull();
  });
});

describe('the seeded PRNG', () => {
  it('repeats its sequence for a seed and differs for another', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('intervals of means and of differences', () => {
  it('gives a mean Student’s t interval (scipy t.ppf(0.975, 9) × √(0.04/10)), none below two observations', () => {
    const ci = meanInterval({ n: 10, mean: 0.5, variance: 0.04 })!;
    expect(ci.estimate).toBe(0.5);
    expect(ci.high - 0.5).toBeCloseTo(0.14307138119413293, 8);
    expect(0.5 - ci.low).toBeCloseTo(0.14307138119413293, 8);
    expect(meanInterval({ n: 1, mean: 0.5, variance: 0 })).toBeNull();
  });

  it('tests two means with Welch’s t (scipy ttest_ind_from_stats, equal_var=False)', () => {
    const d = meanDifference({ n: 10, mean: 1, variance: 1 }, { n: 20, mean: 0, variance: 4 })!;
    expect(d.estimate).toBe(1);
    expect(d.p).toBeCloseTo(0.07857958786913388, 6);
    // p > 0.05, so the 95% interval holds zero; the interval is symmetric around the difference.
    expect(d.low).toBeLessThan(0);
    expect(d.high).toBeGreaterThan(0);
    expect(d.high - 1).toBeCloseTo(1 - d.low, 10);
    expect(meanDifference({ n: 1, mean: 0, variance: 0 }, { n: 5, mean: 0, variance: 1 })).toBeNull();
  });

  it('gives Newcombe’s interval of a difference of proportions (his 1998 example: 56/70 − 48/80)', () => {
    const d = proportionDifference(56, 70, 48, 80)!;
    expect(d.estimate).toBeCloseTo(0.2, 12);
    expect(d.low).toBeCloseTo(0.0524, 4);
    expect(d.high).toBeCloseTo(0.3339, 4);
    expect(d.p).toBeCloseTo(0.00804508136819656, 8); // pooled two-sided z-test, scipy norm.sf
    expect(proportionDifference(0, 10, 0, 12)).toMatchObject({ estimate: 0, p: 1 });
    expect(proportionDifference(3, 10, 0, 0)).toBeNull();
  });
});
