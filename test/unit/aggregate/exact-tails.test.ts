import { describe, expect, it } from 'vitest';
import {
  binomialUpperTail,
  hypergeometricUpperTail,
  logGamma,
} from '../../../src/aggregate/stats/distributions.js';

// The tails as they were before they summed by recurrence and stopped early, kept as the reference:
// every term from k to the end, each from three log-gamma calls.
const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
function sumExp(logs: number[]): number {
  if (logs.length === 0) return 0;
  const max = Math.max(...logs);
  if (max === Number.NEGATIVE_INFINITY) return 0;
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - max);
  return Math.exp(max) * sum;
}
const clamp01 = (p: number) => Math.min(1, Math.max(0, p));
function referenceBinomial(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logs: number[] = [];
  for (let x = k; x <= n; x++) logs.push(logChoose(n, x) + x * Math.log(p) + (n - x) * Math.log1p(-p));
  return clamp01(sumExp(logs));
}
function referenceHypergeometric(k: number, population: number, successes: number, draws: number): number {
  const high = Math.min(draws, successes);
  const low = Math.max(0, draws - (population - successes));
  if (k <= low) return 1;
  if (k > high) return 0;
  const denominator = logChoose(population, draws);
  const logs: number[] = [];
  for (let x = k; x <= high; x++) {
    logs.push(logChoose(successes, x) + logChoose(population - successes, draws - x) - denominator);
  }
  return clamp01(sumExp(logs));
}

/**
 * The relative tolerance for a tail over n: 1e-12, or the rounding of ln Γ(n + 1) where that is larger
 * (n above about 250). Each term's log is a difference of log-gammas near ln Γ(n + 1) (178,000 at
 * n = 20,000), so neither way of summing is nearer the true tail than that: against exact rational
 * sums, the reference itself is off by 9e-12 at n = 4,500 and 2e-11 at n = 20,000.
 */
const tolerance = (n: number) => Math.max(1e-12, 4 * Number.EPSILON * logGamma(n + 1));

/** The cases where the two differ by more than the tolerance for size c[1] (zero must stay zero). */
function mismatches(cases: number[][], actual: (c: number[]) => number, expected: (c: number[]) => number) {
  const wrong: Array<{ c: number[]; actual: number; expected: number }> = [];
  for (const c of cases) {
    const a = actual(c);
    const e = expected(c);
    if (e === 0 ? a !== 0 : !(Math.abs(a - e) <= tolerance(c[1]!) * e))
      wrong.push({ c, actual: a, expected: e });
  }
  return wrong;
}

/** P(Bin(n, a/b) ≥ k) in exact integers: Σ C(n, x) a^x (b − a)^(n − x) / b^n, to a double. */
function exactBinomial(k: number, n: number, a: number, b: number): number {
  const [success, failure] = [BigInt(a), BigInt(b - a)];
  let sum = 0n;
  let choose = 1n;
  for (let x = n; x >= k; x--) {
    sum += choose * success ** BigInt(x) * failure ** BigInt(n - x);
    choose = (choose * BigInt(x)) / BigInt(n - x + 1);
  }
  const denominator = BigInt(b) ** BigInt(n);
  const shift = denominator.toString(2).length - sum.toString(2).length + 64;
  return Number((sum << BigInt(shift)) / denominator) * 2 ** -shift;
}

/** k from 0 to n + 1: every k for small n, else the ends, around the mean and a spread of steps. */
function ks(n: number, mean: number): number[] {
  if (n <= 60) return Array.from({ length: n + 2 }, (_, k) => k);
  const sd = Math.sqrt(Math.max(mean, 1));
  const picks = [0, 1, 2, n - 2, n - 1, n, n + 1];
  for (let s = -12; s <= 60; s++) picks.push(Math.round(mean + s * sd));
  for (let f = 0; f <= 1; f += 1 / 31) picks.push(Math.round(f * n));
  return [...new Set(picks)].filter((k) => k >= 0 && k <= n + 1).sort((a, b) => a - b);
}

describe('the binomial upper tail', () => {
  const ns = [1, 2, 5, 18, 60, 100, 1000, 4500, 20_000];
  const ps = [1e-300, 1e-12, 1e-6, 0.01, 1 / 9, 0.2, 0.5, 0.9, 1 - 1e-9, 1 - 1e-15];
  const cases = ns.flatMap((n) => ps.flatMap((p) => ks(n, n * p).map((k) => [k, n, p])));

  it('equals the sum of every term, to 1e-12 relative (or the rounding of ln Γ at large n), from certainty to underflow', () => {
    const wrong = mismatches(
      cases,
      ([k, n, p]) => binomialUpperTail(k!, n!, p!),
      ([k, n, p]) => referenceBinomial(k!, n!, p!),
    );
    expect(wrong).toEqual([]);
    // The grid reaches the far tail: values below 1e-300, subnormal ones and exact zeros.
    const values = cases.map(([k, n, p]) => referenceBinomial(k!, n!, p!));
    expect(values.some((v) => v > 0 && v < 1e-300)).toBe(true);
    expect(values.some((v) => v > 0 && v < 2.2e-308)).toBe(true);
    expect(values.filter((v) => v === 0).length).toBeGreaterThan(100);
    expect(values.filter((v) => v === 1).length).toBeGreaterThan(100);
  });

  it('is as near the exact tail as the rounding of ln Γ allows (exact integer sums, p = 1/9 as in the alerts)', () => {
    for (const n of [100, 1000, 4500])
      for (const share of [0.05, 0.1, 0.12, 0.15, 0.2, 0.3]) {
        const k = Math.round(share * n);
        const exact = exactBinomial(k, n, 1, 9);
        expect(Math.abs(binomialUpperTail(k, n, 1 / 9) - exact)).toBeLessThanOrEqual(tolerance(n) * exact);
      }
  });

  it('keeps its edges: k ≤ 0 is certain, k > n impossible, p = 0 and p = 1', () => {
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(-1, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    expect(binomialUpperTail(3, 10, 0)).toBe(0);
    expect(binomialUpperTail(3, 10, 1)).toBe(1);
    expect(binomialUpperTail(10, 10, 0.5)).toBeCloseTo(2 ** -10, 15);
  });
});

describe('the Fisher (hypergeometric) upper tail', () => {
  const tables: number[][] = [];
  for (const population of [2, 8, 30, 200, 1000, 9000, 40_000])
    for (const successShare of [0, 1e-4, 0.02, 0.1, 0.5, 0.9, 1])
      for (const drawShare of [1e-4, 0.05, 0.1, 0.5, 0.97, 1]) {
        const successes = Math.round(successShare * population);
        const draws = Math.max(1, Math.round(drawShare * population));
        const mean = (draws * successes) / population;
        for (const k of ks(Math.min(draws, successes) + 1, mean))
          tables.push([k, population, successes, draws]);
      }

  it('equals the sum of every term, to 1e-12 relative (or the rounding of ln Γ at large n), from certainty to underflow', () => {
    const wrong = mismatches(
      tables,
      ([k, N, K, n]) => hypergeometricUpperTail(k!, N!, K!, n!),
      ([k, N, K, n]) => referenceHypergeometric(k!, N!, K!, n!),
    );
    expect(wrong).toEqual([]);
    const values = tables.map(([k, N, K, n]) => referenceHypergeometric(k!, N!, K!, n!));
    expect(values.some((v) => v > 0 && v < 1e-300)).toBe(true);
    expect(values.filter((v) => v === 0).length).toBeGreaterThan(50);
  });

  it('keeps its edges: at or below the lowest possible count 1, above the highest 0', () => {
    // 10 draws from 12 with 5 successes: at least 3 successes are drawn, at most 5.
    expect(hypergeometricUpperTail(3, 12, 5, 10)).toBe(1);
    expect(hypergeometricUpperTail(6, 12, 5, 10)).toBe(0);
    expect(hypergeometricUpperTail(5, 12, 5, 10)).toBeCloseTo(referenceHypergeometric(5, 12, 5, 10), 15);
  });
});
