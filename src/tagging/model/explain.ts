// Why the clause model gave a label: the features of a clause (or item) that pushed it up the most against
// the head's other labels. Their words become the tag's evidence (model-evidence.ts, item-heads.ts).
import type { Head, WeightTable } from './clause-model.js';
import type { ClauseRows } from './compiled-features.js';

/** The features `explain` found: indices into the clause's rows, strongest first. */
export interface Explanation {
  n: number;
  /** Index into the ClauseRows of each contributing feature. */
  at: Int32Array;
  weight: Float64Array;
}

/**
 * The features in the text that pushed `label` up the most against the other labels (weight of the label
 * minus the head's mean weight), strongest first, ties to the earlier start; features with no place in the
 * text are left out. Writes into `out` (reused: tagging is synchronous).
 */
export function explain(
  model: WeightTable<string>,
  head: Head,
  rows: ClauseRows,
  label: string,
  out: Explanation,
  most = 3,
): Explanation {
  out.n = 0;
  const j = head.labels.indexOf(label);
  if (j < 0) return out;
  const { centered, width } = model;
  const column = head.offset + j;
  for (let i = 0; i < rows.n; i++) {
    const start = rows.starts[i]!;
    if (start < 0) continue;
    const weight = centered[rows.rows[i]! * width + column]! * rows.values[i]!;
    if (weight <= 0) continue;
    // Insertion into the short sorted list.
    let k = out.n;
    while (
      k > 0 &&
      (out.weight[k - 1]! < weight || (out.weight[k - 1]! === weight && rows.starts[out.at[k - 1]!]! > start))
    )
      k--;
    if (k >= most) continue;
    const last = Math.min(out.n, most - 1);
    for (let m = last; m > k; m--) {
      out.at[m] = out.at[m - 1]!;
      out.weight[m] = out.weight[m - 1]!;
    }
    out.at[k] = i;
    out.weight[k] = weight;
    if (out.n < most) out.n++;
  }
  return out;
}

export const newExplanation = (most = 3): Explanation => ({
  n: 0,
  at: new Int32Array(most),
  weight: new Float64Array(most),
});
