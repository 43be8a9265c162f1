// Pure: confidence intervals — Wilson for a proportion, seeded percentile bootstraps for anything else
// (resampling units, or Poisson weights over counts of identical units).
import { normalQuantile } from './distributions.js';
import { poissonDraw, seededRandom } from './prng.js';

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
 * interval is null. Deterministic for a given seed.
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
  const values: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const sample = groups.map((g) =>
      Array.from({ length: g.length }, () => g[Math.floor(random() * g.length)]!),
    );
    values.push(statistic(sample));
  }
  return percentileInterval(estimate, values, level);
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
function percentileInterval(estimate: number, resampled: number[], level: number): Interval | null {
  const values = resampled.filter(Number.isFinite);
  if (values.length < resampled.length / 2) return null;
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(q * values.length)))]!;
  return { estimate, low: at((1 - level) / 2), high: at(1 - (1 - level) / 2) };
}
