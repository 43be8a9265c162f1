import { describe, expect, it } from 'vitest';
import { formatHeatmap, METRICS, type Metric, metricValue } from '../../../src/aggregate/heatmap.format.js';
import type { Bucket, HeatmapRow } from '../../../src/aggregate/heatmap.query.js';
import { formatHeatmapJson } from '../../../src/aggregate/heatmap-json.format.js';

const row = (
  bucket_start: string,
  stage: string,
  touchpoint: string,
  sums: Partial<HeatmapRow> = {},
): HeatmapRow => ({
  bucket_start,
  stage,
  touchpoint,
  mentions: 3,
  negative: 1,
  neutral: 1,
  positive: 1,
  sentiment_sum: 0.1,
  negative_intensity_sum: 0.7,
  items: 2,
  ...sums,
});

/** GET /v1/heatmap's body as it was built before: the formatter's grid, values added, JSON.stringify. */
function reference(
  rows: HeatmapRow[],
  options: { bucket: Bucket; metric: Metric; from?: string; to?: string },
) {
  const grid = formatHeatmap(rows, options);
  const withValue = <C extends Parameters<typeof metricValue>[0]>(cell: C) => ({
    ...cell,
    value: metricValue(cell, options.metric),
  });
  return JSON.stringify({
    bucket: options.bucket,
    metric: options.metric,
    from: options.from ?? grid.buckets[0]?.start ?? null,
    to: options.to ?? null,
    filter: { source: 'survey' },
    stages: grid.stages,
    touchpoints: grid.touchpoints,
    buckets: grid.buckets.map((b) => ({ start: b.start, cells: b.cells.map(withValue) })),
    total: grid.total.map(withValue),
  });
}

const CASES: Array<[string, HeatmapRow[], { bucket: Bucket; from?: string; to?: string }]> = [
  ['no rows, no range', [], { bucket: 'week' }],
  ['no rows in a range: quiet buckets', [], { bucket: 'month', from: '2026-01-15', to: '2026-03-02' }],
  [
    'rounding: halves, -0, tiny and long fractions',
    [
      row('2026-01-05', 'fulfilment', 'delivery', {
        mentions: 2,
        sentiment_sum: -0.00009,
        negative_intensity_sum: 0.00005,
      }),
      row('2026-01-05', 'usage', 'product', {
        mentions: 7,
        negative: 3,
        sentiment_sum: 1 / 3,
        negative_intensity_sum: 1e-7,
      }),
      row('2026-01-12', 'fulfilment', 'delivery', {
        mentions: 0,
        negative: 0,
        sentiment_sum: 0,
        negative_intensity_sum: 0,
      }),
    ],
    { bucket: 'week' },
  ],
  [
    'a non-finite sum is null, as JSON.stringify writes it',
    [row('2026-01-05', 'support', 'live_chat', { sentiment_sum: Number.NaN })],
    { bucket: 'week', from: '2026-01-01', to: '2026-01-20' },
  ],
  [
    'unknown and untaxonomised names, in the order the rows first name them',
    [
      row('2026-01-05', 'zeta', 'unknown'),
      row('2026-01-12', 'alpha', 'kiosk'),
      row('2026-01-12', 'unknown', 'atm'),
      row('2026-01-19', 'zeta', 'kiosk'),
    ],
    { bucket: 'week', to: '2026-02-01' },
  ],
];

describe('formatHeatmapJson', () => {
  it.each(CASES)('writes what the formatter and JSON.stringify wrote: %s', (_name, rows, options) => {
    for (const metric of METRICS) {
      const written = formatHeatmapJson(rows, { ...options, metric, filter: { source: 'survey' } });
      expect(written).toBe(reference(rows, { ...options, metric }));
    }
  });

  it('writes valid JSON with every stage × touchpoint in every bucket', () => {
    const body = JSON.parse(
      formatHeatmapJson(CASES[4]![1], { bucket: 'week', metric: 'pain', to: '2026-02-01', filter: {} }),
    );
    expect(body.stages.slice(-3)).toEqual(['unknown', 'zeta', 'alpha']);
    expect(body.touchpoints.slice(-3)).toEqual(['unknown', 'kiosk', 'atm']);
    expect(body.buckets.map((b: { start: string }) => b.start)).toEqual([
      '2026-01-05',
      '2026-01-12',
      '2026-01-19',
      '2026-01-26',
    ]);
    for (const b of body.buckets) expect(b.cells).toHaveLength(12 * 18);
  });
});
