// Pure: confidence intervals — Wilson for a proportion, Student's t for a mean, Newcombe and Welch for
// the difference of two of them, seeded percentile bootstraps for anything else (resampling units, or
// Poisson weights over counts of identical units).
import jStat from 'jstat';
import { normalQuantile } from './distributions.js';
import { drawOf, nextState, poissonDraw, seededRandom } from './prng.js';

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Wilson score interval for k successes in n trials; null without trials. */
export function wilsonInterval(k: number, n: number, level = 0.95): Interval | null {
  if (n <= 0) return null;
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface BootstrapOptions {
  iterations?: number;
  seed?: number;
  level?: number;
}

/**
 * Percentile bootstrap, stratified: each group (e.g. the days before and the days after a date) is
 * resampled with replacement on its own, and `statistic` sees the resampled groups. Resamples whose
 * statistic is not finite (a rate without mentions) are dropped; with fewer than half left the
 * interval is null. Deterministic for a given seed. `statistic` must not keep the groups it is given:
 * their arrays are reused from one resample to the next.
 */
export function bootstrapInterval<T>(
  groups: readonly (readonly T[])[],
  statistic: (groups: T[][]) => number,
  options: BootstrapOptions = {},
): Interval | null {
  const iterations = options.iterations ?? 1000;
  const level = options.level ?? 0.95;
  const estimate = statistic(groups.map((g) => [...g]));
  if (!Number.isFinite(estimate) || groups.some((g) => g.length === 0)) return null;
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const values = new Array<number>(iterations);
  // One buffer per group, refilled each resample in the same draw order (group by group, unit by
  // unit): an array per group and resample made this most of a pain-point ranking's time.
  const sample = groups.map((g) => new Array<T>(g.length));
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < groups.length; k++) {
      const g = groups[k]!;
      const into = sample[k]!;
      for (let j = 0; j < g.length; j++) into[j] = g[Math.floor(random() * g.length)]!;
    }
    values[i] = statistic(sample);
  }
  return percentileInterval(estimate, values, level);
}

/**
 * `bootstrapInterval` of a statistic of each group's sum, without the resampled groups: each resample
 * draws in the same order (group by group, unit by unit) and adds the draws up from 0 in that order, so
 * the sums, and the interval, are the same to the bit as summing the resampled groups would give.
 * `statistic` sees one sum per group (a buffer reused from one resample to the next).
 */
export function bootstrapSums(
  groups: readonly (readonly number[])[],
  statistic: (sums: Float64Array) => number,
  options: BootstrapOptions = {},
): Interval | null {
  const iterations = options.iterations ?? 1000;
  const sums = new Float64Array(groups.length);
  for (let k = 0; k < groups.length; k++) {
    let total = 0;
    for (const x of groups[k]!) total += x;
    sums[k] = total;
  }
  const estimate = statistic(sums);
  if (!Number.isFinite(estimate) || groups.some((g) => g.length === 0)) return null;
  // seededRandom's draws, with its state in a local: no closure call (and boxed number) per draw.
  let state = (options.seed ?? DEFAULT_SEED) >>> 0;
  const values = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < groups.length; k++) {
      const g = groups[k]!;
      let total = 0;
      for (let j = 0; j < g.length; j++) {
        state = nextState(state);
        total += g[Math.floor(drawOf(state) * g.length)]!;
      }
      sums[k] = total;
    }
    values[i] = statistic(sums);
  }
  return percentileInterval(estimate, values, options.level ?? 0.95);
}

/**
 * Poisson bootstrap over counts of identical units (respondents by rating, say): every unit gets an
 * independent Poisson(1) weight, so a category of k units weighs Poisson(k) in all, and a resample
 * costs one draw per category instead of one per unit (Hanley & MacGibbon 2006; Chamandy et al. 2012
 * show it matches the ordinary bootstrap for large n). The resample's total varies, so `statistic`
 * should be a mean or a share. Non-finite resamples are dropped as in `bootstrapInterval`.
 */
export function poissonBootstrapInterval(
  counts: readonly number[],
  statistic: (counts: readonly number[]) => number,
  options: BootstrapOptions = {},
): Interval | null {
  const estimate = statistic(counts);
  if (!Number.isFinite(estimate)) return null;
  const iterations = options.iterations ?? 1000;
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const values: number[] = [];
  const sample = new Array<number>(counts.length);
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < counts.length; k++) sample[k] = poissonDraw(counts[k]!, random);
    values.push(statistic(sample));
  }
  return percentileInterval(estimate, values, options.level ?? 0.95);
}

const DEFAULT_SEED = 20_260_101;

/** The percentile interval of resampled values; null when fewer than half of them are finite. */
function percentileInterval(estimate: number, resampled: ArrayLike<number>, level: number): Interval | null {
  const finite = new Float64Array(resampled.length);
  let n = 0;
  let negativeZero = false;
  for (let i = 0; i < resampled.length; i++) {
    const v = resampled[i]!;
    if (!Number.isFinite(v)) continue;
    finite[n++] = v;
    if (Object.is(v, -0)) negativeZero = true;
  }
  if (n < resampled.length / 2) return null;
  // A typed array sorts by value without a comparator call per pair, but puts −0 before 0, which
  // compare equal (and keep their order) in a sort by a − b: with a −0 among them, sort that way.
  const values = negativeZero
    ? Array.from(finite.subarray(0, n)).sort((a, b) => a - b)
    : finite.subarray(0, n).sort();
  const at = (q: number) => values[Math.min(n - 1, Math.max(0, Math.floor(q * n)))]!;
  return { estimate, low: at((1 - level) / 2), high: at(1 - (1 - level) / 2) };
}

/** The first two moments of a sample: its size, mean and sample variance (n − 1 denominator). */
export interface Moments {
  n: number;
  mean: number;
  variance: number;
}

/** An interval of a difference, with the two-sided p-value of "no difference". */
export interface DifferenceInterval extends Interval {
  p: number;
}

/** Student's t interval of a mean; null below two observations. */
export function meanInterval(sample: Moments, level = 0.95): Interval | null {
  if (sample.n < 2) return null;
  const half = jStat.studentt.inv(1 - (1 - level) / 2, sample.n - 1) * Math.sqrt(sample.variance / sample.n);
  return { estimate: sample.mean, low: sample.mean - half, high: sample.mean + half };
}

/**
 * Welch's interval of `after.mean − before.mean` (unequal variances, Welch–Satterthwaite degrees
 * of freedom) and its two-sided t-test; null when either sample has fewer than two observations.
 */
export function meanDifference(after: Moments, before: Moments, level = 0.95): DifferenceInterval | null {
  if (after.n < 2 || before.n < 2) return null;
  const va = after.variance / after.n;
  const vb = before.variance / before.n;
  const estimate = after.mean - before.mean;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { estimate, low: estimate, high: estimate, p: estimate === 0 ? 1 : 0 };
  const df = (va + vb) ** 2 / (va ** 2 / (after.n - 1) + vb ** 2 / (before.n - 1));
  const half = jStat.studentt.inv(1 - (1 - level) / 2, df) * se;
  const p = 2 * (1 - jStat.studentt.cdf(Math.abs(estimate) / se, df));
  return { estimate, low: estimate - half, high: estimate + half, p: Math.min(1, p) };
}

/**
 * Newcombe's hybrid score interval (his method 10, from two Wilson intervals) of the difference
 * k1/n1 − k0/n0 of two proportions, with the two-sided pooled z-test; null without trials in either.
 */
export function proportionDifference(
  k1: number,
  n1: number,
  k0: number,
  n0: number,
  level = 0.95,
): DifferenceInterval | null {
  const a = wilsonInterval(k1, n1, level);
  const b = wilsonInterval(k0, n0, level);
  if (!a || !b) return null;
  const estimate = a.estimate - b.estimate;
  const low = estimate - Math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2);
  const high = estimate + Math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2);
  const pooled = (k1 + k0) / (n1 + n0);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
  const p = se === 0 ? 1 : 2 * (1 - jStat.normal.cdf(Math.abs(estimate) / se, 0, 1));
  return { estimate, low, high, p: Math.min(1, p) };
}
