// Pure: the journey map of a period — per stage its volume, the emotion curve's point (mean clause
// sentiment with its interval, the share negative), the change against the previous period, the
// touchpoints involved, its top pain points and delights, and the cells whose share negative moved.
import { STAGES } from '../domain.js';
import type { JourneyCellRow, PeriodName, StageSpreadRow } from './journey.query.js';
import { byName, cellChanges, changesOf, directionOf, round, roundInterval, sig } from './journey-changes.js';
import { addMentionCounts, type MentionCounts } from './mention-counts.js';
import type { Quote } from './quotes.js';
import {
  type DifferenceInterval,
  type Interval,
  type Moments,
  meanDifference,
  meanInterval,
  proportionDifference,
  wilsonInterval,
} from './stats/intervals.js';
import { benjaminiHochberg } from './stats/tests.js';

export type Direction = 'worse' | 'better' | 'steady';

export interface Counts extends MentionCounts {
  sentimentSum: number;
}

export interface StageFigures extends Omit<Counts, 'sentimentSum'> {
  /**
   * Mean clause sentiment (−1 … 1) with its Student's t 95% interval, items as clusters (cut at −1
   * and 1; the whole scale from a single item); null without mentions.
   */
  sentiment: Interval | null;
  /** negative / mentions with its Wilson 95% interval; null without mentions. */
  negativeShare: Interval | null;
}

export interface JourneyCell {
  touchpoint: string;
  mentions: number;
  negative: number;
  positive: number;
  negativeShare: number | null;
  positiveShare: number | null;
  pain: number;
  previous: { mentions: number; negative: number; positive: number; negativeShare: number | null };
  /** Representative clause with its evidence words (set by the caller; null without one). */
  quote: Quote | null;
}

export interface CellChange extends JourneyCell {
  /** The share negative now minus before: Newcombe 95% interval, p and its BH q across all cells. */
  change: DifferenceInterval & { q: number };
  direction: Exclude<Direction, 'steady'>;
  /** Negative mentions now minus what the previous share would give for today's mentions. */
  excessNegative: number;
}

export interface JourneyStage {
  stage: string;
  current: StageFigures;
  previous: StageFigures;
  /** Mean sentiment now minus before (Welch 95% interval, p, BH q across stages); null untestable. */
  change: {
    sentiment: (DifferenceInterval & { q: number }) | null;
    negativeShare: DifferenceInterval | null;
    direction: Direction | null;
  };
  touchpoints: Array<{ touchpoint: string; mentions: number; negative: number }>;
  painPoints: JourneyCell[];
  delights: JourneyCell[];
  changes: CellChange[];
}

export interface JourneyOptions {
  /** Pain points, delights and changes per stage (default 3). */
  top?: number;
  /** False discovery rate for marking a stage or a cell as changed (default 0.05). */
  fdr?: number;
  /** Fewest mentions in each period for a cell's share to be compared (default 10). */
  minMentions?: number;
}

export interface JourneyMap {
  stages: JourneyStage[];
  /** Mentions of the current period that name no stage (not on the map). */
  unplaced: number;
}

const zero = (): Counts => ({ mentions: 0, negative: 0, neutral: 0, positive: 0, sentimentSum: 0, pain: 0 });
const share = (k: number, n: number) => (n > 0 ? round(k / n) : null);

function add(to: Counts, row: JourneyCellRow): void {
  addMentionCounts(to, row);
  to.sentimentSum += row.sentiment_sum;
}

export type Pair = Record<PeriodName, Counts>;

/** Stage → touchpoint → counts per period, and stage totals. */
function collect(rows: readonly JourneyCellRow[]) {
  const cells = new Map<string, Map<string, Pair>>();
  const stages = new Map<string, Pair>();
  for (const row of rows) {
    const byTouchpoint = cells.get(row.stage) ?? new Map<string, Pair>();
    cells.set(row.stage, byTouchpoint);
    const cell = byTouchpoint.get(row.touchpoint) ?? { current: zero(), previous: zero() };
    byTouchpoint.set(row.touchpoint, cell);
    const stage = stages.get(row.stage) ?? { current: zero(), previous: zero() };
    stages.set(row.stage, stage);
    add(cell[row.period], row);
    add(stage[row.period], row);
  }
  return { cells, stages };
}

/**
 * The stage's mean (from the aggregates) with its spread as t-test moments: items are the
 * independent units (n = items, df = items − 1) and variance / n is the squared standard error.
 */
function moments(counts: Counts, spread: StageSpreadRow | undefined): Moments | null {
  if (!spread || spread.squared_error === null || spread.items < 2 || counts.mentions === 0) return null;
  const mean = counts.sentimentSum / counts.mentions;
  return { n: spread.items, mean, variance: spread.squared_error * spread.items };
}

/**
 * Clause sentiment lies in −1 … 1, so a mean does too and a difference of two lies in −2 … 2: a
 * small sample's t interval is cut there.
 */
const withinScale = <T extends Interval>(i: T | null, bound = 1): T | null =>
  i && { ...i, low: Math.max(-bound, i.low), high: Math.min(bound, i.high) };

function figures(counts: Counts, m: Moments | null): StageFigures {
  const { sentimentSum: _, ...rest } = counts;
  const mean = counts.mentions > 0 ? counts.sentimentSum / counts.mentions : null;
  return {
    ...rest,
    pain: round(counts.pain),
    // One item says nothing about the spread: the interval is the whole scale.
    sentiment: m
      ? roundInterval(withinScale(meanInterval(m)))
      : mean === null
        ? null
        : { estimate: round(mean), low: -1, high: 1 },
    negativeShare: roundInterval(wilsonInterval(counts.negative, counts.mentions)),
  };
}

function journeyCell(touchpoint: string, pair: Pair): JourneyCell {
  const { current: c, previous: p } = pair;
  return {
    touchpoint,
    mentions: c.mentions,
    negative: c.negative,
    positive: c.positive,
    negativeShare: share(c.negative, c.mentions),
    positiveShare: share(c.positive, c.mentions),
    pain: round(c.pain),
    previous: {
      mentions: p.mentions,
      negative: p.negative,
      positive: p.positive,
      negativeShare: share(p.negative, p.mentions),
    },
    quote: null,
  };
}

/**
 * The map's stages in codebook order (stages with other names follow; `unknown` is left off and
 * counted in `unplaced`). Changes are marked only where the false discovery rate allows: across
 * stages for the curve, across all cells for the cell changes.
 */
export function formatJourney(
  rows: readonly JourneyCellRow[],
  spread: readonly StageSpreadRow[],
  options: JourneyOptions = {},
): JourneyMap {
  const top = options.top ?? 3;
  const fdr = options.fdr ?? 0.05;
  const { cells, stages } = collect(rows);
  const spreadOf = new Map(spread.map((s) => [`${s.period}|${s.stage}`, s]));
  const names = [...STAGES, ...[...stages.keys()].filter((s) => !(STAGES as readonly string[]).includes(s))];
  const onMap = names.filter((s) => s !== 'unknown');
  const pairs = onMap.map((stage) => stages.get(stage) ?? { current: zero(), previous: zero() });
  const sentimentChanges = onMap.map((stage, i) => {
    const now = moments(pairs[i]!.current, spreadOf.get(`current|${stage}`));
    const before = moments(pairs[i]!.previous, spreadOf.get(`previous|${stage}`));
    return now && before ? withinScale(meanDifference(now, before), 2) : null;
  });
  const tested = sentimentChanges.filter((d): d is DifferenceInterval => d !== null);
  const qs = benjaminiHochberg(tested.map((d) => d.p));
  const moves = cellChanges(cells, options.minMentions ?? 10);
  return {
    unplaced: stages.get('unknown')?.current.mentions ?? 0,
    stages: onMap.map((stage, i) => {
      const { current, previous } = pairs[i]!;
      const d = sentimentChanges[i];
      const sentiment = d ? { ...roundInterval(d)!, q: sig(qs[tested.indexOf(d)]!) } : null;
      const list = [...(cells.get(stage) ?? new Map<string, Pair>())].map(([t, pair]) =>
        journeyCell(t, pair),
      );
      return {
        stage,
        current: figures(current, moments(current, spreadOf.get(`current|${stage}`))),
        previous: figures(previous, moments(previous, spreadOf.get(`previous|${stage}`))),
        change: {
          sentiment,
          negativeShare: roundInterval(
            proportionDifference(current.negative, current.mentions, previous.negative, previous.mentions),
          ),
          direction: directionOf(sentiment, fdr, -1),
        },
        ...rankCells(list, top),
        changes: changesOf(list, moves.get(stage), fdr).slice(0, top),
      };
    }),
  };
}

/** A stage's touchpoints by mentions, pain points by pain, delights by positive mentions. */
function rankCells(list: readonly JourneyCell[], top: number) {
  const ranked = (keep: (c: JourneyCell) => boolean, order: (a: JourneyCell, b: JourneyCell) => number) =>
    list
      .filter(keep)
      .sort((a, b) => order(a, b) || byName(a, b))
      .slice(0, top)
      .map((c) => ({ ...c })); // pain points and delights get their own quotes: no shared objects
  return {
    touchpoints: list
      .filter((c) => c.mentions > 0)
      .sort((a, b) => b.mentions - a.mentions || byName(a, b))
      .map((c) => ({ touchpoint: c.touchpoint, mentions: c.mentions, negative: c.negative })),
    painPoints: ranked(
      (c) => c.negative > 0,
      (a, b) => b.pain - a.pain || b.negative - a.negative,
    ),
    delights: ranked(
      (c) => c.positive > 0,
      (a, b) => b.positive - a.positive || (b.positiveShare ?? 0) - (a.positiveShare ?? 0),
    ),
  };
}
