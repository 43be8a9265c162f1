// Pure: the significance tests behind emerging pain points, and Benjamini–Hochberg across cells.
import { binomialUpperTail, hypergeometricUpperTail } from './distributions.js';

/**
 * Did the latest period have more negative mentions than its trailing baseline? Under a constant
 * Poisson rate, the latest count given the total is Binomial(total, 1/(periods + 1)): an exact test.
 * One-sided (worse only).
 */
export function poissonRiseTest(current: number, baselineTotal: number, baselinePeriods: number): number {
  if (baselinePeriods < 1) return 1;
  return binomialUpperTail(current, current + baselineTotal, 1 / (baselinePeriods + 1));
}

/**
 * Is the negative share of the latest period higher than in the baseline? One-sided Fisher exact
 * test of the 2×2 table (negative / other × latest / baseline).
 */
export function negativeShareRiseTest(
  negative: number,
  mentions: number,
  baselineNegative: number,
  baselineMentions: number,
): number {
  if (mentions === 0 || baselineMentions === 0) return 1;
  return hypergeometricUpperTail(
    negative,
    mentions + baselineMentions,
    negative + baselineNegative,
    mentions,
  );
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values), in the input order: reject where q ≤ the FDR.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const q = new Array<number>(m).fill(1);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const [p, index] = order[rank - 1]!;
    running = Math.min(running, (p * m) / rank);
    q[index] = Math.min(1, running);
  }
  return q;
}
