// Ranked pain points of a period: impact with its interval and trend, reach, top phrases and quotes.
import type { ReadDb, ReadQueries } from '../storage/db.js';
import { cellKey, denseCellDays } from './cell-days.format.js';
import { type CellFilter, queryCellDays, resolvePeriod } from './cell-days.query.js';
import { queryNegativeClauses } from './clauses.query.js';
import type { Bucket } from './heatmap.query.js';
import { type RankedPainPoint, rankPainPoints } from './pain-points.format.js';
import { queryPeriodNegativeClauses } from './period-clauses.query.js';
import { type Period, previousPeriod } from './periods.js';
import { pickQuotes, type Quote } from './quotes.js';
import { queryReach } from './reach.query.js';
import type { StageWeights } from './stage-weights.js';
import { type Phrase, topPhrases } from './top-phrases.js';

export interface PainPointOptions {
  /** Default: the last whole bucket ending on or before asOf (itself default the last day with data). */
  from?: string;
  to?: string;
  asOf?: string;
  bucket?: Bucket;
  filter?: CellFilter;
  weights: StageWeights;
  top?: number;
  quotes?: number;
}

export interface PainPoint extends RankedPainPoint {
  reach: { customers: number; ofCustomers: number; anonymousItems: number };
  phrases: Phrase[];
  quotes: Quote[];
}

export interface PainPointReport {
  period: Period;
  previous: Period;
  filter: CellFilter;
  weights: Record<string, number>;
  /** All cells with a negative mention in either period, before the top cut. */
  ranked: number;
  painPoints: PainPoint[];
}

/**
 * The cells ranked over the period and the one before, the top ones (those shown), and the complaining
 * cells' clauses of the period.
 */
async function rankCells(db: ReadQueries, options: PainPointOptions, period: Period, previous: Period) {
  const filter = options.filter ?? {};
  const span = { from: previous.from, to: period.to };
  const ranked = rankPainPoints(denseCellDays(await queryCellDays(db, span, filter), span), {
    period,
    previous,
    weights: options.weights,
    intervalsFor: options.top ?? 10,
  });
  const top = ranked.slice(0, options.top ?? 10).filter((p) => p.negative > 0);
  const shown = new Set(top.map((p) => cellKey(p.stage, p.touchpoint)));
  // Every cell with complaints is a TF-IDF document, so the top cells' phrases are their own; only the
  // top cells' quotes are shown, so only their clauses carry evidence (the rest come with `[]`).
  const complaining = ranked
    .filter((p) => p.negative > 0)
    .map((p) => ({
      stage: p.stage,
      touchpoint: p.touchpoint,
      evidence: shown.has(cellKey(p.stage, p.touchpoint)),
    }));
  const read = readsInOnePass(ranked, POOL) ? queryPeriodNegativeClauses : queryNegativeClauses;
  return { ranked, top, shown, clauses: await read(db, complaining, period, filter, POOL) };
}

/** Clauses a cell contributes to the TF-IDF documents and quote pools at most. */
const POOL = 200;

/**
 * Whether one pass over the period's negative mentions reads little more than the cells' pools (it
 * reads them all, the per-cell walks stop at each pool): a week's cells mostly hold fewer clauses than
 * a pool, a quarter's many more. Only the speed depends on it: both reads return the same rows.
 */
export function readsInOnePass(cells: ReadonlyArray<{ negative: number }>, pool: number): boolean {
  let all = 0;
  let pooled = 0;
  for (const c of cells) {
    all += c.negative;
    pooled += Math.min(c.negative, pool);
  }
  return all <= 1.5 * pooled;
}

export async function listPainPoints(db: ReadDb, options: PainPointOptions): Promise<PainPointReport | null> {
  const filter = options.filter ?? {};
  const period = await resolvePeriod(db, options, 'week');
  if (period === null) return null;
  const previous = previousPeriod(period);
  // Reach needs only the period: it runs on its own connection while the cells are ranked and read.
  const [{ ranked, top, shown, clauses }, reachRows] = await Promise.all([
    rankCells(db, options, period, previous),
    queryReach(db, period, filter),
  ]);
  const byCell = new Map<string, typeof clauses>();
  for (const c of clauses) {
    const key = cellKey(c.stage, c.touchpoint);
    const rows = byCell.get(key);
    if (rows === undefined) byCell.set(key, [c]);
    else rows.push(c);
  }
  const documents = new Map([...byCell].map(([k, rows]) => [k, rows.map((r) => r.clause)]));
  const phrases = topPhrases(documents, 5, shown);
  const reach = new Map(reachRows.map((r) => [cellKey(r.stage, r.touchpoint), r]));
  return {
    period,
    previous,
    filter,
    weights: Object.fromEntries(options.weights),
    ranked: ranked.length,
    painPoints: top.map((p) => {
      const key = cellKey(p.stage, p.touchpoint);
      const r = reach.get(key);
      const cellPhrases = phrases.get(key) ?? [];
      return {
        ...p,
        reach: {
          customers: r?.customers ?? 0,
          ofCustomers: r?.period_customers ?? 0,
          anonymousItems: r?.anonymous_items ?? 0,
        },
        phrases: cellPhrases,
        quotes: pickQuotes(byCell.get(key) ?? [], cellPhrases, options.quotes ?? 5),
      };
    }),
  };
}
