// Pure: exact tail probabilities of the binomial, Poisson and hypergeometric distributions, in log space.

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (const [i, c] of LANCZOS.entries()) a += c / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/** Sums exp(terms) without overflow. */
function sumExp(logs: number[]): number {
  if (logs.length === 0) return 0;
  const max = Math.max(...logs);
  if (max === Number.NEGATIVE_INFINITY) return 0;
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - max);
  return Math.exp(max) * sum;
}

const clamp01 = (p: number) => Math.min(1, Math.max(0, p));

/**
 * Sums a unimodal tail from its largest term `top` (log `logTop`, at index `first` or past it):
 * `ratio(x)` is term(x + 1) / term(x). Each side is summed relative to the top term by the ratio of
 * successive terms, walking away from the top, and stops once a term falls below 1e-17 of the sum.
 * One log term, no arrays: the sum of every term from `first` to `last` to within rounding.
 */
function sumTail(
  first: number,
  last: number,
  top: number,
  logTop: number,
  ratio: (x: number) => number,
): number {
  if (logTop === Number.NEGATIVE_INFINITY) return 0;
  let sum = 1;
  let term = 1;
  for (let x = top; x < last && term >= NEGLIGIBLE * sum; x++) {
    term *= ratio(x);
    sum += term;
  }
  term = 1;
  for (let x = top - 1; x >= first && term >= NEGLIGIBLE * sum; x--) {
    term /= ratio(x);
    sum += term;
  }
  return Math.exp(logTop) * sum;
}

/** A term this small a share of the running sum ends a tail (as in poissonUpperTail's bound). */
const NEGLIGIBLE = 1e-17;

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // The largest term of the tail: the mode, or k when k is above it.
  const top = Math.max(k, Math.min(n, Math.floor((n + 1) * p)));
  const logTop = logChoose(n, top) + top * Math.log(p) + (n - top) * Math.log1p(-p);
  const odds = p / (1 - p);
  return clamp01(sumTail(k, n, top, logTop, (x) => ((n - x) / (x + 1)) * odds));
}

/** P(X ≥ k) for X ~ Poisson(mean). */
export function poissonUpperTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  // 1 − P(X < k), summed directly when k is below the mean's bulk, else the upper terms.
  const term = (x: number) => -mean + x * Math.log(mean) - logGamma(x + 1);
  if (k <= mean) {
    const lower: number[] = [];
    for (let x = 0; x < k; x++) lower.push(term(x));
    return clamp01(1 - sumExp(lower));
  }
  const upper: number[] = [];
  const last = k + Math.ceil(20 * Math.sqrt(mean) + 50);
  for (let x = k; x <= last; x++) upper.push(term(x));
  return clamp01(sumExp(upper));
}

/**
 * P(X ≥ k) for X ~ Hypergeometric: `draws` taken without replacement from `population` items of
 * which `successes` are successes. The one-sided Fisher exact test of a 2×2 table.
 */
export function hypergeometricUpperTail(
  k: number,
  population: number,
  successes: number,
  draws: number,
): number {
  const high = Math.min(draws, successes);
  const low = Math.max(0, draws - (population - successes));
  if (k <= low) return 1;
  if (k > high) return 0;
  const failures = population - successes;
  const mode = Math.floor(((draws + 1) * (successes + 1)) / (population + 2));
  const top = Math.max(k, Math.min(high, mode));
  const logTop = logChoose(successes, top) + logChoose(failures, draws - top) - logChoose(population, draws);
  const ratio = (x: number) => ((successes - x) * (draws - x)) / ((x + 1) * (failures - draws + x + 1));
  return clamp01(sumTail(k, high, top, logTop, ratio));
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const tail = (q: number) =>
    (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}
