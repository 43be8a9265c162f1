import { describe, expect, it } from 'vitest';
import { bucketStarts, formatHeatmap } from '../../../src/aggregate/heatmap.format.js';
import type { HeatmapRow } from '../../../src/aggregate/heatmap.query.js';
import { csvCell, renderCsv } from '../../../src/cli/render-heatmap.js';

const row = (
  bucket_start: string,
  stage: string,
  touchpoint: string,
  mentions: number,
  negative: number,
): HeatmapRow => ({
  bucket_start,
  stage,
  touchpoint,
  mentions,
  negative,
  neutral: 0,
  positive: mentions - negative,
  sentiment_sum: -0.5 * negative + 0.5 * (mentions - negative),
  negative_intensity_sum: 0.5 * negative,
  items: mentions,
});

describe('formatHeatmap', () => {
  it('fills a sparse result into a dense 9 × 15 grid per bucket, quiet weeks included', () => {
    const grid = formatHeatmap(
      [row('2026-01-05', 'fulfilment', 'delivery', 4, 3), row('2026-01-19', 'usage', 'mobile_app', 2, 0)],
      {
        bucket: 'week',
      },
    );
    expect(grid.stages).toHaveLength(9);
    expect(grid.touchpoints).toHaveLength(15);
    expect(grid.buckets.map((b) => b.start)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
    expect(grid.buckets[1]!.cells.every((c) => c.mentions === 0 && c.negativeRate === null)).toBe(true);
    const delivery = grid.total.find((c) => c.stage === 'fulfilment' && c.touchpoint === 'delivery')!;
    expect(delivery).toMatchObject({
      mentions: 4,
      negative: 3,
      negativeRate: 0.75,
      pain: 1.5,
      meanSentiment: -0.25,
    });
  });

  it('adds an unknown row only when there are unknown mentions', () => {
    const grid = formatHeatmap([row('2026-01-05', 'unknown', 'unknown', 1, 0)], { bucket: 'week' });
    expect(grid.stages.at(-1)).toBe('unknown');
    expect(grid.touchpoints.at(-1)).toBe('unknown');
  });

  it('aligns weeks on Monday and months on the first, in UTC', () => {
    expect(bucketStarts('week', '2026-01-07', '2026-01-20')).toEqual([
      '2026-01-05',
      '2026-01-12',
      '2026-01-19',
    ]);
    expect(bucketStarts('month', '2026-01-31', '2026-03-01')).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
  });
});

describe('CSV export', () => {
  it('neutralises formula-injection cells and quotes separators', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('writes one line per non-empty cell and bucket', () => {
    const grid = formatHeatmap([row('2026-01-05', 'fulfilment', 'delivery', 4, 3)], { bucket: 'week' });
    const lines = renderCsv(grid).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('2026-01-05,fulfilment,delivery,4,3,0,1,0.75,-0.25,1.5,4');
  });
});
