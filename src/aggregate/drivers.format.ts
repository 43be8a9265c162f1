// Pure: respondents by rating → each cell's remove-theme impact on the score, with Poisson bootstrap
// intervals, ranked. The score is NPS on the nps scale and the mean rating on any other; a source's
// scales are never mixed: every (source, scale) pair is its own score with its own drivers.
import type { DriverCounts } from './drivers.query.js';
import { type Interval, poissonBootstrapInterval } from './stats/intervals.js';
import { seedOf } from './stats/prng.js';

export type ScoreMetric = 'nps' | 'mean_rating';

export interface Driver {
  rank: number;
  stage: string;
  touchpoint: string;
  /** Respondents with a negative mention in the cell: the ones the method sets aside. */
  respondents: number;
  /** respondents ÷ the score's respondents. */
  share: number;
  /** The score among those respondents. */
  scoreAmong: number;
  /** The score of everyone else; null when nobody else answered. */
  scoreWithout: number | null;
  /** scoreWithout − score: what the score would gain without the cell's complaints. */
  impact: number | null;
  /** Poisson bootstrap 95% interval of the impact, resampling respondents. */
  impactCi: Interval | null;
  /** Negative mentions of the cell in those respondents' feedback. */
  mentions: number;
  reach: { customers: number; ofCustomers: number; anonymousRespondents: number };
}

export interface ScoreDrivers {
  source: string;
  scale: string;
  metric: ScoreMetric;
  respondents: number;
  score: number;
  scoreCi: Interval | null;
  /** Cells with a negative mention by at least one respondent, by impact (largest first). */
  drivers: Driver[];
}

export interface DriverOptions {
  iterations?: number;
  seed?: number;
  /** Drivers kept per score, with their intervals (all by default). */
  top?: number;
}

export const metricOf = (scale: string): ScoreMetric => (scale === 'nps' ? 'nps' : 'mean_rating');

/** A response's points: NPS is the mean of +100 (9-10), 0 (7-8) and −100 (0-6); else the rating. */
export function pointsOf(metric: ScoreMetric, rating: number): number {
  if (metric === 'mean_rating') return rating;
  return rating >= 9 ? 100 : rating <= 6 ? -100 : 0;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
const roundInterval = (i: Interval | null): Interval | null =>
  i && { estimate: round(i.estimate), low: round(i.low), high: round(i.high) };

// The two statistics run a thousand times per interval: plain indexed loops.

/** Σ points ÷ respondents over counts aligned with `points`; NaN without respondents. */
function meanOf(points: readonly number[], counts: readonly number[]): number {
  let n = 0;
  let sum = 0;
  for (let k = 0; k < points.length; k++) {
    n += counts[k]!;
    sum += counts[k]! * points[k]!;
  }
  return sum / n;
}

/**
 * Remove-theme impact from counts [affected by rating…, everyone else by rating…]: the score of
 * everyone else minus the score of all.
 */
function impactOf(points: readonly number[], counts: readonly number[]): number {
  const k = points.length;
  let all = 0;
  let allSum = 0;
  let rest = 0;
  let restSum = 0;
  for (let i = 0; i < k; i++) {
    const affected = counts[i]!;
    const others = counts[k + i]!;
    all += affected + others;
    allSum += (affected + others) * points[i]!;
    rest += others;
    restSum += others * points[i]!;
  }
  return restSum / rest - allSum / all;
}

/** Respondents by rating, with their negative mentions, anonymous respondents and distinct customers. */
interface Counts {
  byRating: Map<number, number>;
  mentions: number;
  anonymous: number;
  customers: number;
}

interface Group extends Counts {
  source: string;
  scale: string;
  cells: Map<string, Counts>;
}

const emptyCounts = (): Counts => ({ byRating: new Map(), mentions: 0, anonymous: 0, customers: 0 });

function groupRows(counts: DriverCounts): Group[] {
  const groups = new Map<string, Group>();
  const countsOf = (row: {
    source: string;
    scale: string;
    stage: string | null;
    touchpoint: string | null;
  }) => {
    const key = `${row.source}\u0000${row.scale}`;
    let group = groups.get(key);
    if (!group) {
      group = { source: row.source, scale: row.scale, ...emptyCounts(), cells: new Map() };
      groups.set(key, group);
    }
    if (row.stage === null) return group;
    const cellKey = `${row.stage}\u0000${row.touchpoint}`;
    const cell = group.cells.get(cellKey) ?? emptyCounts();
    group.cells.set(cellKey, cell);
    return cell;
  };
  for (const row of counts.ratings) {
    const target = countsOf(row);
    target.byRating.set(row.rating, (target.byRating.get(row.rating) ?? 0) + row.respondents);
    target.mentions += row.mentions;
    target.anonymous += row.anonymous;
  }
  for (const row of counts.reach) countsOf(row).customers = row.customers;
  return [...groups.values()].filter((g) => g.byRating.size > 0);
}

/**
 * Every (source, scale) score of the period with its drivers: NPS scores first (the score most teams
 * track), then by respondents, then by name.
 */
export function rankDrivers(counts: DriverCounts, options: DriverOptions = {}): ScoreDrivers[] {
  return groupRows(counts)
    .map((group) => scoreDrivers(group, options))
    .sort(
      (a, b) =>
        Number(b.metric === 'nps') - Number(a.metric === 'nps') ||
        b.respondents - a.respondents ||
        (`${a.source}|${a.scale}` < `${b.source}|${b.scale}` ? -1 : 1),
    );
}

interface Scale {
  points: number[];
  /** Respondents of the score by rating, aligned with `points`. */
  counts: number[];
  score: number;
}

type Estimate = Omit<Driver, 'rank' | 'impactCi'> & { split: number[] };

function scoreDrivers(group: Group, options: DriverOptions): ScoreDrivers {
  const metric = metricOf(group.scale);
  const ratings = [...group.byRating.keys()].sort((a, b) => a - b);
  const counts = ratings.map((r) => group.byRating.get(r)!);
  const points = ratings.map((r) => pointsOf(metric, r));
  const scale: Scale = { points, counts, score: meanOf(points, counts) };
  const base = `${group.source}|${group.scale}`;
  const interval = (split: readonly number[], statistic: (c: readonly number[]) => number, name: string) =>
    roundInterval(
      poissonBootstrapInterval(split, statistic, {
        iterations: options.iterations ?? 1000,
        seed: seedOf(name, options.seed ?? 0),
      }),
    );
  const estimates = [...group.cells.entries()]
    .map(([key, cell]) => estimateDriver(key, cell, ratings, scale, group.customers))
    .sort(byImpact)
    .slice(0, options.top ?? Number.POSITIVE_INFINITY);
  return {
    source: group.source,
    scale: group.scale,
    metric,
    respondents: counts.reduce((n, c) => n + c, 0),
    score: round(scale.score),
    scoreCi: interval(counts, (c) => meanOf(points, c), base),
    // Intervals only for the drivers kept: a bootstrap per cell is the costly part.
    drivers: estimates.map(({ split, ...d }, i) => ({
      rank: i + 1,
      ...d,
      impactCi: interval(split, (c) => impactOf(points, c), `${base}|${d.stage}|${d.touchpoint}`),
    })),
  };
}

function estimateDriver(
  key: string,
  cell: Counts,
  ratings: readonly number[],
  scale: Scale,
  ofCustomers: number,
): Estimate {
  const [stage, touchpoint] = key.split('\u0000') as [string, string];
  const affected = ratings.map((r) => cell.byRating.get(r) ?? 0);
  const split = [...affected, ...scale.counts.map((c, i) => c - affected[i]!)];
  const n = affected.reduce((sum, c) => sum + c, 0);
  const impact = impactOf(scale.points, split);
  const known = Number.isFinite(impact);
  return {
    stage,
    touchpoint,
    respondents: n,
    share: round(n / scale.counts.reduce((sum, c) => sum + c, 0)),
    scoreAmong: round(meanOf(scale.points, affected)),
    scoreWithout: known ? round(scale.score + impact) : null,
    impact: known ? round(impact) : null,
    mentions: cell.mentions,
    reach: { customers: cell.customers, ofCustomers, anonymousRespondents: cell.anonymous },
    split,
  };
}

/** Largest impact first (none last), then more respondents, then the cell's name. */
function byImpact(a: Estimate, b: Estimate): number {
  const ia = a.impact ?? Number.NEGATIVE_INFINITY;
  const ib = b.impact ?? Number.NEGATIVE_INFINITY;
  if (ia !== ib) return ib - ia;
  if (a.respondents !== b.respondents) return b.respondents - a.respondents;
  return `${a.stage}|${a.touchpoint}` < `${b.stage}|${b.touchpoint}` ? -1 : 1;
}
