// What a batch's new mentions add to pain_point_daily, grouped by cell in the worker: the delta
// statement then carries a few dozen cells instead of one row per mention.
import type { CellCounts } from './aggregates.repository.js';

export interface CountedItem {
  day: string;
  source: string;
  /** JSON text of the item's segment. */
  segmentJson: string;
  mentions: ReadonlyArray<{ stage: string; touchpoint: string; label: string; score: number }>;
}

/**
 * Per cell (day × stage × touchpoint × source × segment): mentions by label, the sums of their
 * scores as Postgres holds them (`real`, summed as double) and the number of distinct items.
 */
export function countAddedCells(items: readonly CountedItem[]): CellCounts[] {
  const cells = new Map<string, CellCounts & { lastItem: number }>();
  for (const [index, item] of items.entries()) {
    for (const m of item.mentions) {
      const key = `${item.day}\u0000${m.stage}\u0000${m.touchpoint}\u0000${item.source}\u0000${item.segmentJson}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = {
          day: item.day,
          stage: m.stage,
          touchpoint: m.touchpoint,
          source: item.source,
          segment: item.segmentJson,
          mentions: 0,
          negative: 0,
          neutral: 0,
          positive: 0,
          sentiment_sum: 0,
          negative_intensity_sum: 0,
          items: 0,
          lastItem: -1,
        };
        cells.set(key, cell);
      }
      const score = Math.fround(m.score);
      cell.mentions++;
      cell.sentiment_sum += score;
      if (m.label === 'negative') {
        cell.negative++;
        cell.negative_intensity_sum -= score;
      } else if (m.label === 'neutral') cell.neutral++;
      else if (m.label === 'positive') cell.positive++;
      if (cell.lastItem !== index) {
        cell.items++;
        cell.lastItem = index;
      }
    }
  }
  return [...cells.values()].map(({ lastItem: _, ...cell }) => cell);
}
