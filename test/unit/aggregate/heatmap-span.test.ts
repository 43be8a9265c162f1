import { describe, expect, it } from 'vitest';
import { bucketStarts, formatHeatmap } from '../../../src/aggregate/heatmap.format.js';
import { BUCKETS, type HeatmapRow } from '../../../src/aggregate/heatmap.query.js';
import { formatHeatmapJson } from '../../../src/aggregate/heatmap-json.format.js';
import {
  checkHeatmapRange,
  countBuckets,
  HeatmapSpanError,
  MAX_HEATMAP_BUCKETS,
} from '../../../src/aggregate/heatmap-span.js';
import { addDays } from '../../../src/aggregate/periods.js';

const RANGES: Array<[string, string]> = [
  ['2026-01-07', '2026-01-07'],
  ['2026-01-05', '2026-01-11'], // Monday to Sunday
  ['2026-01-11', '2026-01-12'], // Sunday to Monday: two weeks
  ['2026-01-31', '2026-03-01'],
  ['2024-02-28', '2024-03-01'], // leap day
  ['1969-12-29', '1970-01-05'], // across the epoch
  ['2023-06-15', '2026-02-02'],
  ['2026-02-10', '2026-02-09'], // to before from
];

describe('countBuckets', () => {
  it.each(BUCKETS.flatMap((bucket) => RANGES.map(([from, to]) => [bucket, from, to] as const)))(
    'counts the buckets the grid fills: %s %s … %s',
    (bucket, from, to) => {
      expect(countBuckets(bucket, from, to)).toBe(bucketStarts(bucket, from, to).length);
    },
  );
});

describe('checkHeatmapRange', () => {
  const from = '2024-01-01';
  it('refuses `from` after `to`, naming both', () => {
    expect(() => checkHeatmapRange({ bucket: 'week', from: '2026-02-10', to: '2026-02-09' })).toThrow(
      new HeatmapSpanError(
        'from (2026-02-10) is after to (2026-02-09): the range must start on or before its end',
      ),
    );
  });

  it('accepts the limit of buckets and refuses one more, with what to do', () => {
    const last = addDays(from, MAX_HEATMAP_BUCKETS - 1);
    expect(() => checkHeatmapRange({ bucket: 'day', from, to: last })).not.toThrow();
    expect(() => checkHeatmapRange({ bucket: 'day', from, to: addDays(last, 1) })).toThrow(
      /is 1,001 days, over the heatmap's limit of 1,000 buckets: narrow from\/to or choose a longer bucket/,
    );
  });

  it('counts in the request’s bucket: decades by day are refused, by month they are not', () => {
    expect(() => checkHeatmapRange({ bucket: 'day', from: '1990-01-01', to: '2026-01-01' })).toThrow(
      HeatmapSpanError,
    );
    expect(() => checkHeatmapRange({ bucket: 'week', from: '1990-01-01', to: '2026-01-01' })).toThrow(
      HeatmapSpanError,
    );
    expect(() => checkHeatmapRange({ bucket: 'month', from: '1990-01-01', to: '2026-01-01' })).not.toThrow();
  });

  it('leaves an open range to the formatters, which know where the data ends', () => {
    expect(() => checkHeatmapRange({ bucket: 'day', from: '1990-01-01' })).not.toThrow();
    expect(() => checkHeatmapRange({ bucket: 'day', to: '2026-01-01' })).not.toThrow();
  });
});

describe('the formatters', () => {
  const row = (bucket_start: string): HeatmapRow => ({
    bucket_start,
    stage: 'fulfilment',
    touchpoint: 'delivery',
    mentions: 1,
    negative: 1,
    neutral: 0,
    positive: 0,
    sentiment_sum: -0.5,
    negative_intensity_sum: 0.5,
    items: 1,
  });
  const rows = [row('2020-01-01'), row('2026-01-01')];

  it.each([
    ['to the last row', { from: '2020-01-01' }],
    ['from the first row', { to: '2026-01-01' }],
    ['between the rows', {}],
  ])('refuse an open range whose data spans too many buckets: %s', (_, range) => {
    const options = { bucket: 'day' as const, ...range };
    expect(() => formatHeatmap(rows, options)).toThrow(HeatmapSpanError);
    expect(() => formatHeatmapJson(rows, { ...options, metric: 'pain', filter: {} })).toThrow(
      HeatmapSpanError,
    );
  });

  it('fill the same span by week', () => {
    const grid = formatHeatmap([row('2019-12-30'), row('2025-12-29')], { bucket: 'week' });
    expect(grid.buckets).toHaveLength(countBuckets('week', '2020-01-01', '2026-01-01'));
    expect(grid.buckets).toHaveLength(314);
  });
});
