// Pure: which cells got worse in the latest period than in their trailing baseline? Two exact tests
// per cell (negative volume, negative share) on dispersion-scaled counts, Bonferroni within the cell,
// Benjamini–Hochberg across cells.
import { benjaminiHochberg, negativeShareRiseTest, poissonRiseTest } from './stats/tests.js';

export interface PeriodCounts {
  mentions: number;
  negative: number;
}

export interface CellPeriods {
  stage: string;
  touchpoint: string;
  /** The baseline periods, oldest first. */
  baseline: PeriodCounts[];
  latest: PeriodCounts;
}

export interface DetectOptions {
  /** Cells with fewer negative mentions in the latest period are not tested. */
  minCount: number;
  /** False discovery rate across the tested cells. */
  fdr: number;
  /** Variance-to-mean ratio of the counts; default estimated from the baselines (see estimateDispersion). */
  dispersion?: number;
}

export interface EmergingTest {
  stage: string;
  touchpoint: string;
  /** The test with the smaller p-value: `volume` (more negative mentions) or `share` (a higher negative share). */
  test: 'volume' | 'share';
  mentions: number;
  negative: number;
  baselineMentions: number;
  baselineNegative: number;
  baselinePeriods: number;
  /** Negative mentions expected from the baseline: its mean per period. */
  expectedNegative: number;
  /** negative / expected; null when the baseline had none. */
  rateRatio: number | null;
  negativeShare: number | null;
  baselineNegativeShare: number | null;
  pValue: number;
  qValue: number;
  alert: boolean;
  /** The dispersion the counts were divided by before the exact tests. */
  dispersion: number;
}

export const DEFAULT_DETECT: DetectOptions = { minCount: 5, fdr: 0.05 };

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Mentions come in clusters (one angry ticket, three negative clauses in one cell), so weekly counts
 * vary more than a Poisson count would. The dispersion is the median, over cells with a baseline
 * mean of at least 3 negative mentions, of the variance-to-mean ratio of their baseline counts;
 * at least 1. The tests divide counts by it (quasi-Poisson scaling), so a Poisson series is tested
 * as is and a clustered one is not over-alarmed.
 */
export function estimateDispersion(cells: readonly CellPeriods[]): number {
  const ratios: number[] = [];
  for (const cell of cells) {
    const k = cell.baseline.length;
    if (k < 3) continue;
    const mean = cell.baseline.reduce((n, p) => n + p.negative, 0) / k;
    if (mean < 3) continue;
    const variance = cell.baseline.reduce((n, p) => n + (p.negative - mean) ** 2, 0) / (k - 1);
    ratios.push(variance / mean);
  }
  if (ratios.length === 0) return 1;
  ratios.sort((a, b) => a - b);
  const mid = Math.floor(ratios.length / 2);
  const median = ratios.length % 2 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
  return Math.max(1, round(median));
}

/** Tests every cell with at least `minCount` negative mentions; `alert` where q ≤ fdr. */
export function detectEmerging(
  cells: readonly CellPeriods[],
  options: DetectOptions = DEFAULT_DETECT,
): EmergingTest[] {
  const dispersion = options.dispersion ?? estimateDispersion(cells);
  const scaled = (n: number) => Math.round(n / dispersion);
  const tested: Omit<EmergingTest, 'qValue' | 'alert'>[] = [];
  for (const cell of cells) {
    const k = cell.baseline.length;
    const { mentions, negative } = cell.latest;
    if (k === 0 || negative < options.minCount) continue;
    const baselineMentions = cell.baseline.reduce((n, p) => n + p.mentions, 0);
    const baselineNegative = cell.baseline.reduce((n, p) => n + p.negative, 0);
    const volume = poissonRiseTest(scaled(negative), scaled(baselineNegative), k);
    const share = negativeShareRiseTest(
      scaled(negative),
      scaled(negative) + scaled(mentions - negative),
      scaled(baselineNegative),
      scaled(baselineNegative) + scaled(baselineMentions - baselineNegative),
    );
    const expected = baselineNegative / k;
    tested.push({
      stage: cell.stage,
      touchpoint: cell.touchpoint,
      test: share <= volume ? 'share' : 'volume',
      mentions,
      negative,
      baselineMentions,
      baselineNegative,
      baselinePeriods: k,
      expectedNegative: round(expected),
      rateRatio: expected > 0 ? round(negative / expected) : null,
      negativeShare: mentions > 0 ? round(negative / mentions) : null,
      baselineNegativeShare: baselineMentions > 0 ? round(baselineNegative / baselineMentions) : null,
      pValue: Math.min(1, 2 * Math.min(volume, share)),
      dispersion,
    });
  }
  const q = benjaminiHochberg(tested.map((t) => t.pValue));
  return tested
    .map((t, i) => ({ ...t, qValue: q[i]!, alert: q[i]! <= options.fdr }))
    .sort((a, b) => a.pValue - b.pValue || (a.stage + a.touchpoint < b.stage + b.touchpoint ? -1 : 1));
}
