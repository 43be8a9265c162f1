// Pure: dense per-day cells → pain points ranked by impact = volume × severity × stage weight, each
// with a bootstrap interval and its trend against the previous period of the same length.
import { type CellSeries, sumCounts } from './cell-days.format.js';
import type { Period } from './periods.js';
import { type StageWeights, weightOf } from './stage-weights.js';
import { bootstrapSums, type Interval, wilsonInterval } from './stats/intervals.js';
import { seedOf } from './stats/prng.js';

export interface PeriodFigures {
  mentions: number;
  negative: number;
  /** negative / mentions; null without mentions. */
  negativeRate: number | null;
  /** Weighted impact of the period. */
  impact: number;
}

export interface RankedPainPoint {
  rank: number;
  stage: string;
  touchpoint: string;
  weight: number;
  mentions: number;
  negative: number;
  negativeRate: number | null;
  /** Wilson 95% interval of the negative rate. */
  negativeRateCi: Interval | null;
  meanSentiment: number | null;
  /** Mean |score| of the negative mentions (0..1): how badly it hurts. */
  severity: number | null;
  /** Sum of negative intensity per day of the period. */
  painIndex: number;
  /** negative × severity × weight. */
  impact: number;
  /** Bootstrap 95% interval of the impact, resampling the days of the period. */
  impactCi: Interval | null;
  previous: PeriodFigures;
  trend: {
    /** impact − previous impact, with a bootstrap 95% interval. */
    change: number;
    ci: Interval | null;
    direction: 'worse' | 'better' | 'steady';
  };
}

export interface RankOptions {
  period: Period;
  previous: Period;
  weights: StageWeights;
  iterations?: number;
  seed?: number;
  /**
   * Bootstrap intervals (and so the trend's direction) only for this many cells from the top; the rest
   * keep their point figures, null intervals and a steady trend. The ranking itself never reads an
   * interval, and each cell's draws are seeded by the cell, so the top cells' intervals are the same
   * either way. Default: every cell.
   */
  intervalsFor?: number;
}

const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;
const roundInterval = (i: Interval | null, places = 4): Interval | null =>
  i && { estimate: round(i.estimate, places), low: round(i.low, places), high: round(i.high, places) };
/**
 * `cells` hold one day per entry from `previous.from` to `period.to`. Cells without a negative
 * mention in either period are left out; the rest are ordered by impact, then negative mentions.
 */
export function rankPainPoints(cells: readonly CellSeries[], options: RankOptions): RankedPainPoint[] {
  const previousDays = Math.round(
    (Date.parse(options.period.from) - Date.parse(options.previous.from)) / 86_400_000,
  );
  const ranked = cells.flatMap((cell) => {
    const figures = measureCell(cell, previousDays, options, false);
    return figures ? [{ cell, figures }] : [];
  });
  ranked.sort((a, b) => byImpact(a.figures, b.figures));
  const withIntervals = options.intervalsFor ?? ranked.length;
  return ranked.map(({ cell, figures }, i) => ({
    rank: i + 1,
    ...(i < withIntervals ? measureCell(cell, previousDays, options, true)! : figures),
  }));
}

/** One cell's figures for the period and the one before it; null without a negative mention in either. */
function measureCell(
  cell: CellSeries,
  previousDays: number,
  options: RankOptions,
  intervals: boolean,
): Omit<RankedPainPoint, 'rank'> | null {
  const bootstrap = { iterations: options.iterations ?? 1000 };
  const before = cell.days.slice(0, previousDays);
  const now = cell.days.slice(previousDays);
  const total = sumCounts(now);
  const prior = sumCounts(before);
  if (total.negative === 0 && prior.negative === 0) return null;
  const weight = weightOf(options.weights, cell.stage, cell.touchpoint);
  const seed = seedOf(`${cell.stage}|${cell.touchpoint}`, options.seed ?? 0);
  const impact = total.intensity * weight;
  const previousImpact = prior.intensity * weight;
  // The days' intensities resampled: a sum of them is the statistic, so only the sums are drawn.
  const nowIntensity = now.map((d) => d.intensity);
  const beforeIntensity = before.map((d) => d.intensity);
  const impactCi = intervals
    ? bootstrapSums([nowIntensity], (sums) => sums[0]! * weight, { ...bootstrap, seed })
    : null;
  const changeCi = intervals
    ? bootstrapSums([beforeIntensity, nowIntensity], (sums) => (sums[1]! - sums[0]!) * weight, {
        ...bootstrap,
        seed: seed + 1,
      })
    : null;
  return {
    stage: cell.stage,
    touchpoint: cell.touchpoint,
    weight,
    mentions: total.mentions,
    negative: total.negative,
    negativeRate: total.mentions > 0 ? round(total.negative / total.mentions) : null,
    negativeRateCi: roundInterval(wilsonInterval(total.negative, total.mentions)),
    meanSentiment: total.mentions > 0 ? round(total.sentimentSum / total.mentions) : null,
    severity: total.negative > 0 ? round(total.intensity / total.negative) : null,
    painIndex: round(total.intensity / Math.max(1, now.length)),
    impact: round(impact),
    impactCi: roundInterval(impactCi),
    previous: {
      mentions: prior.mentions,
      negative: prior.negative,
      negativeRate: prior.mentions > 0 ? round(prior.negative / prior.mentions) : null,
      impact: round(previousImpact),
    },
    trend: {
      change: round(impact - previousImpact),
      ci: roundInterval(changeCi),
      direction: directionOf(changeCi),
    },
  };
}

/** Worse or better only when the whole interval of the change lies on one side of zero. */
function directionOf(changeCi: Interval | null): RankedPainPoint['trend']['direction'] {
  if (!changeCi) return 'steady';
  if (changeCi.low > 0) return 'worse';
  if (changeCi.high < 0) return 'better';
  return 'steady';
}

function byImpact(a: Omit<RankedPainPoint, 'rank'>, b: Omit<RankedPainPoint, 'rank'>): number {
  return (
    b.impact - a.impact ||
    b.negative - a.negative ||
    (a.stage === b.stage ? (a.touchpoint < b.touchpoint ? -1 : 1) : a.stage < b.stage ? -1 : 1)
  );
}
