// Pure: an aggregate row's sums added into a formatter's running counts (the heatmap's cells and the
// journey map's stages and cells keep the same four counts and the pain).
import type { CellSums } from '../storage/aggregate-columns.js';

/** Mentions by label, and pain: the sum of the intensity (|score|) of the negative ones. */
export interface MentionCounts {
  mentions: number;
  negative: number;
  neutral: number;
  positive: number;
  pain: number;
}

type RowSums = Pick<CellSums, 'mentions' | 'negative' | 'neutral' | 'positive' | 'negative_intensity_sum'>;

export function addMentionCounts(to: MentionCounts, row: RowSums): void {
  to.mentions += row.mentions;
  to.negative += row.negative;
  to.neutral += row.neutral;
  to.positive += row.positive;
  to.pain += row.negative_intensity_sum;
}
