// Pure: a sparse heatmap result → dense stage × touchpoint grids with zeros, plus the metrics.
import { STAGES, TOUCHPOINTS, UNKNOWN } from '../domain.js';
import type { Bucket, HeatmapRow } from './heatmap.query.js';
import { checkBucketCount } from './heatmap-span.js';
import { addMentionCounts } from './mention-counts.js';

export const METRICS = ['pain', 'negative_rate', 'volume', 'sentiment'] as const;
export type Metric = (typeof METRICS)[number];

export interface Cell {
  stage: string;
  touchpoint: string;
  mentions: number;
  negative: number;
  neutral: number;
  positive: number;
  /** negative / mentions, null without mentions. */
  negativeRate: number | null;
  /** Mean clause sentiment in -1..1, null without mentions. */
  meanSentiment: number | null;
  /** Sum of the intensity (|score|) of negative mentions: how often and how badly it hurts. */
  pain: number;
  items: number;
}

export interface HeatmapGrid {
  stages: string[];
  touchpoints: string[];
  buckets: Array<{ start: string; cells: Cell[] }>;
  total: Cell[];
}

export function emptyCell(stage: string, touchpoint: string): Cell {
  return {
    stage,
    touchpoint,
    mentions: 0,
    negative: 0,
    neutral: 0,
    positive: 0,
    negativeRate: null,
    meanSentiment: null,
    pain: 0,
    items: 0,
  };
}

function addRow(cell: Cell, row: HeatmapRow, sums: Map<Cell, number>): void {
  addMentionCounts(cell, row);
  cell.items += row.items;
  sums.set(cell, (sums.get(cell) ?? 0) + row.sentiment_sum);
}

function finish(cell: Cell, sums: Map<Cell, number>): void {
  Object.assign(cell, cellRates(cell.mentions, cell.negative, sums.get(cell) ?? 0, cell.pain));
}

/** A cell's rates from its sums: negativeRate and meanSentiment null without mentions, all rounded. */
export function cellRates(
  mentions: number,
  negative: number,
  sentimentSum: number,
  painSum: number,
): Pick<Cell, 'negativeRate' | 'meanSentiment' | 'pain'> {
  return {
    negativeRate: mentions > 0 ? round(negative / mentions) : null,
    meanSentiment: mentions > 0 ? round(sentimentSum / mentions) : null,
    pain: round(painSum),
  };
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** Every bucket between from and to (UTC), so a quiet week still shows as a column of zeros. */
export function bucketStarts(bucket: Bucket, from: string, to: string): string[] {
  const starts: string[] = [];
  let cursor = truncate(bucket, new Date(`${from}T00:00:00Z`));
  const end = new Date(`${to}T00:00:00Z`);
  while (cursor <= end) {
    starts.push(cursor.toISOString().slice(0, 10));
    cursor = step(bucket, cursor);
  }
  return starts;
}

function truncate(bucket: Bucket, d: Date): Date {
  if (bucket === 'day') return d;
  if (bucket === 'month') return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const mondayOffset = (d.getUTCDay() + 6) % 7; // ISO weeks start on Monday, as date_trunc('week')
  return new Date(d.getTime() - mondayOffset * 86_400_000);
}

function step(bucket: Bucket, d: Date): Date {
  if (bucket === 'day') return new Date(d.getTime() + 86_400_000);
  if (bucket === 'week') return new Date(d.getTime() + 7 * 86_400_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

export interface HeatmapOptions {
  bucket: Bucket;
  from?: string;
  to?: string;
}

/**
 * The grid's axes for `rows` (in queryHeatmap's order): all taxonomy stages × touchpoints, `unknown`
 * when it has data, then any other name in the order the rows first name it; and every bucket from
 * `from` (else the first row's) to `to` (else the last row's), quiet ones included. Throws a
 * HeatmapSpanError over MAX_HEATMAP_BUCKETS buckets (an open end reaches as far as the data).
 */
export function heatmapAxes(
  rows: HeatmapRow[],
  options: HeatmapOptions,
): { stages: string[]; touchpoints: string[]; starts: string[] } {
  const hasUnknownStage = rows.some((r) => r.stage === UNKNOWN);
  const hasUnknownTouchpoint = rows.some((r) => r.touchpoint === UNKNOWN);
  const stages = [...STAGES, ...(hasUnknownStage ? [UNKNOWN] : [])] as string[];
  const touchpoints = [...TOUCHPOINTS, ...(hasUnknownTouchpoint ? [UNKNOWN] : [])] as string[];
  for (const row of rows) {
    if (!stages.includes(row.stage)) stages.push(row.stage);
    if (!touchpoints.includes(row.touchpoint)) touchpoints.push(row.touchpoint);
  }
  const first = options.from ?? rows[0]?.bucket_start;
  const last = options.to ?? rows.at(-1)?.bucket_start;
  if (first && last) checkBucketCount(options.bucket, first, last);
  const starts = first && last ? bucketStarts(options.bucket, first, last) : [];
  return { stages, touchpoints, starts };
}

/** Fills the grid (heatmapAxes) with each bucket's cells and their totals over the buckets. */
export function formatHeatmap(rows: HeatmapRow[], options: HeatmapOptions): HeatmapGrid {
  const { stages, touchpoints, starts } = heatmapAxes(rows, options);
  const grid = (): Map<string, Cell> =>
    new Map(stages.flatMap((s) => touchpoints.map((t) => [`${s}|${t}`, emptyCell(s, t)] as const)));
  const perBucket = new Map(starts.map((start) => [start, grid()]));
  const total = grid();
  const sums = new Map<Cell, number>();
  for (const row of rows) {
    const key = `${row.stage}|${row.touchpoint}`;
    let bucket = perBucket.get(row.bucket_start);
    if (!bucket) {
      bucket = grid();
      perBucket.set(row.bucket_start, bucket);
    }
    addRow(bucket.get(key)!, row, sums);
    addRow(total.get(key)!, row, sums);
  }
  for (const cells of [...perBucket.values(), total]) for (const cell of cells.values()) finish(cell, sums);
  const buckets = [...perBucket.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([start, cells]) => ({ start, cells: [...cells.values()] }));
  return { stages, touchpoints, buckets, total: [...total.values()] };
}

export function metricValue(
  cell: Pick<Cell, 'pain' | 'negativeRate' | 'mentions' | 'meanSentiment'>,
  metric: Metric,
): number | null {
  switch (metric) {
    case 'pain':
      return cell.pain;
    case 'negative_rate':
      return cell.negativeRate;
    case 'volume':
      return cell.mentions;
    case 'sentiment':
      return cell.meanSentiment;
  }
}
