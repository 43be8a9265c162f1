// Emerging pain points: the latest whole period of every cell against its trailing baseline.
// detectEmergingPainPoints only reads (the API's GET /v1/alerts, for any source or segment);
// computeEmergingPainPoints detects over all feedback and writes emerging_pain_points idempotently
// (`painmap alerts` and the nightly scheduler).

import { replaceEmergingPainPoints } from '../storage/analytics.repository.js';
import type { Db, ReadQueries } from '../storage/db.js';
import { cellKey, denseCellDays, sumCounts } from './cell-days.format.js';
import { type CellFilter, queryCellDays, queryDataRange } from './cell-days.query.js';
import { queryNegativeClauses } from './clauses.query.js';
import { DEFAULT_DETECT, detectEmerging, type EmergingTest } from './emerging.detect.js';
import type { Bucket } from './heatmap.query.js';
import { bucketsBefore, daysBetween, lastWholeBucket, type Period } from './periods.js';
import { pickQuotes, type Quote } from './quotes.js';
import { topPhrases } from './top-phrases.js';

export interface EmergingOptions {
  /** The analysis day (UTC); default the last day with data. The latest period is the last whole bucket ending on or before it. */
  asOf?: string;
  bucket?: Bucket;
  /** Trailing periods in the baseline (fewer when the data starts later; at least `minBaselinePeriods`). */
  baselinePeriods?: number;
  minBaselinePeriods?: number;
  minCount?: number;
  fdr?: number;
  /** Only this source or segment (detection only: the stored alerts are of all feedback). */
  filter?: CellFilter;
}

export interface EmergingResult {
  asOf: string;
  bucket: Bucket;
  period: Period | null;
  baseline: Period | null;
  baselinePeriods: number;
  minCount: number;
  fdr: number;
  filter: CellFilter;
  /** Cells with at least minCount negative mentions in the period (the family of the FDR). */
  tested: number;
  alerts: Array<EmergingTest & { examples: Quote[] }>;
  /** Why nothing was tested, when nothing was. */
  note?: string;
}

/** Computes the alerts of (asOf, bucket) over all feedback, replaces their rows in emerging_pain_points, and returns them. */
export async function computeEmergingPainPoints(
  db: Db,
  options: Omit<EmergingOptions, 'filter'> = {},
): Promise<EmergingResult> {
  const result = await detectEmergingPainPoints(db, options);
  if (!result.period) return result;
  const { period, baseline, bucket, asOf } = result;
  await db.transaction().execute((trx) =>
    replaceEmergingPainPoints(
      trx,
      asOf,
      bucket,
      baseline === null
        ? []
        : result.alerts.map((a) => ({
            as_of: asOf,
            bucket,
            stage: a.stage,
            touchpoint: a.touchpoint,
            period_start: period.from,
            period_end: period.to,
            baseline_start: baseline.from,
            baseline_end: baseline.to,
            baseline_periods: a.baselinePeriods,
            test: a.test,
            mentions: a.mentions,
            negative: a.negative,
            baseline_mentions: a.baselineMentions,
            baseline_negative: a.baselineNegative,
            expected_negative: a.expectedNegative,
            rate_ratio: a.rateRatio,
            negative_share: a.negativeShare,
            baseline_negative_share: a.baselineNegativeShare,
            p_value: a.pValue,
            q_value: a.qValue,
            dispersion: a.dispersion,
            examples: a.examples,
          })),
    ),
  );
  return result;
}

/** The alerts of (asOf, bucket) for a filter, with example quotes; reads only. */
export async function detectEmergingPainPoints(
  db: ReadQueries,
  options: EmergingOptions = {},
): Promise<EmergingResult> {
  const bucket = options.bucket ?? 'week';
  const minCount = options.minCount ?? DEFAULT_DETECT.minCount;
  const fdr = options.fdr ?? DEFAULT_DETECT.fdr;
  const filter = options.filter ?? {};
  const range = await queryDataRange(db);
  const asOf = options.asOf ?? range?.last ?? new Date().toISOString().slice(0, 10);
  const empty = { asOf, bucket, baselinePeriods: 0, minCount, fdr, filter, tested: 0, alerts: [] };
  if (!range) return { ...empty, period: null, baseline: null, note: 'no aggregated feedback yet' };
  const period = lastWholeBucket(bucket, asOf);
  const minBaseline = options.minBaselinePeriods ?? 4;
  const baseline = bucketsBefore(bucket, period, options.baselinePeriods ?? 8).filter(
    (p) => p.from >= range.first,
  );
  if (baseline.length < minBaseline) {
    const note = `fewer than ${minBaseline} whole ${bucket}s of data before ${period.from}`;
    return { ...empty, period, baseline: null, note };
  }
  const span = { from: baseline[0]!.from, to: period.to };
  const cells = denseCellDays(await queryCellDays(db, span, filter), span);
  const tests = detectEmerging(
    cells.map((cell) => {
      const slice = (p: Period) => {
        const start = daysBetween(span.from, p.from) - 1;
        return sumCounts(cell.days.slice(start, start + daysBetween(p.from, p.to)));
      };
      return {
        stage: cell.stage,
        touchpoint: cell.touchpoint,
        baseline: baseline.map(slice),
        latest: slice(period),
      };
    }),
    { minCount, fdr },
  );
  const alerts = await withExamples(
    db,
    tests.filter((t) => t.alert),
    period,
    filter,
  );
  return {
    asOf,
    bucket,
    period,
    baseline: { from: baseline[0]!.from, to: baseline.at(-1)!.to },
    baselinePeriods: baseline.length,
    minCount,
    fdr,
    filter,
    tested: tests.length,
    alerts,
  };
}

async function withExamples(db: ReadQueries, alerts: EmergingTest[], period: Period, filter: CellFilter) {
  const clauses = await queryNegativeClauses(db, alerts, period, filter, 100);
  const byCell = new Map<string, typeof clauses>();
  for (const c of clauses) {
    const key = cellKey(c.stage, c.touchpoint);
    byCell.set(key, [...(byCell.get(key) ?? []), c]);
  }
  const phrases = topPhrases(new Map([...byCell].map(([k, rows]) => [k, rows.map((r) => r.clause)])));
  return alerts.map((a) => {
    const key = cellKey(a.stage, a.touchpoint);
    return { ...a, examples: pickQuotes(byCell.get(key) ?? [], phrases.get(key) ?? [], 3) };
  });
}
