// Pure: the heatmap's JSON body written straight from queryHeatmap's rows, byte for byte what
// JSON.stringify writes for formatHeatmap's grid with each cell's value (heatmap.format.ts stays the
// reference; test/integration/heatmap-json.test.ts holds the two equal). A 52-week grid is ~7,000
// cells: writing their text from flat sums costs a third of building the grid's objects, copying
// them with their values and serialising them, and the API sends the text as it is.

import type { CellSums } from '../storage/aggregate-columns.js';
import { cellRates, heatmapAxes, type Metric, metricValue } from './heatmap.format.js';
import type { Bucket, HeatmapRow } from './heatmap.query.js';

export interface HeatmapJsonOptions {
  bucket: Bucket;
  metric: Metric;
  /** As asked for: the body says `from` (else the first bucket's start) and `to` (else null). */
  from?: string;
  to?: string;
  filter: { source?: string; segment?: Record<string, string> };
}

/** A float as JSON.stringify writes it (a non-finite one as null). */
const num = (n: number | null) => (n !== null && Number.isFinite(n) ? String(n) : 'null');

/** The body of GET /v1/heatmap: bucket, metric, from, to, filter, stages, touchpoints, buckets, total. */
export function formatHeatmapJson(rows: HeatmapRow[], options: HeatmapJsonOptions): string {
  const { stages, touchpoints, starts } = heatmapAxes(rows, options);
  const perBucket = new Map<string, Array<CellSums | undefined>>(starts.map((s) => [s, []]));
  const totals = stages.flatMap(() => touchpoints.map(zeroSums));
  const stageAt = new Map(stages.map((s, i) => [s, i * touchpoints.length]));
  const touchpointAt = new Map(touchpoints.map((t, i) => [t, i]));
  for (const row of rows) {
    const at = stageAt.get(row.stage)! + touchpointAt.get(row.touchpoint)!;
    let cells = perBucket.get(row.bucket_start);
    if (!cells) {
      cells = [];
      perBucket.set(row.bucket_start, cells);
    }
    cells[at] = row;
    addSums(totals[at]!, row);
  }
  const cell = cellWriter(stages, touchpoints, options.metric);
  const empty = totals.map((_, at) => cell(at, zeroSums()));
  const buckets = [...perBucket.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([start, cells]) => {
      const texts = empty.map((text, at) => (cells[at] ? cell(at, cells[at]) : text));
      return `{"start":${JSON.stringify(start)},"cells":[${texts.join(',')}]}`;
    });
  const head = {
    bucket: options.bucket,
    metric: options.metric,
    from: options.from ?? [...perBucket.keys()].sort()[0] ?? null,
    to: options.to ?? null,
    filter: options.filter,
    stages,
    touchpoints,
  };
  const total = totals.map((sums, at) => cell(at, sums));
  return `${JSON.stringify(head).slice(0, -1)},"buckets":[${buckets.join(',')}],"total":[${total.join(',')}]}`;
}

/** Writes the cell at `at` (stage-major) from its sums, as JSON.stringify writes the grid's Cell and its value. */
function cellWriter(stages: string[], touchpoints: string[], metric: Metric) {
  const heads = stages.flatMap((s) =>
    touchpoints.map((t) => `{"stage":${JSON.stringify(s)},"touchpoint":${JSON.stringify(t)},"mentions":`),
  );
  return (at: number, c: CellSums): string => {
    const rates = cellRates(c.mentions, c.negative, c.sentiment_sum, c.negative_intensity_sum);
    const value = metricValue({ mentions: c.mentions, ...rates }, metric);
    return (
      `${heads[at]}${c.mentions},"negative":${c.negative},"neutral":${c.neutral},"positive":${c.positive},` +
      `"negativeRate":${num(rates.negativeRate)},"meanSentiment":${num(rates.meanSentiment)},` +
      `"pain":${num(rates.pain)},"items":${c.items},"value":${num(value)}}`
    );
  };
}

const zeroSums = (): CellSums => ({
  mentions: 0,
  negative: 0,
  neutral: 0,
  positive: 0,
  sentiment_sum: 0,
  negative_intensity_sum: 0,
  items: 0,
});

/** Adds a bucket's row into a cell's totals, in row (bucket) order as formatHeatmap adds them. */
function addSums(to: CellSums, row: CellSums): void {
  to.mentions += row.mentions;
  to.negative += row.negative;
  to.neutral += row.neutral;
  to.positive += row.positive;
  to.sentiment_sum += row.sentiment_sum;
  to.negative_intensity_sum += row.negative_intensity_sum;
  to.items += row.items;
}
