// The learned clause model: one multinomial logistic regression per head (stage, touchpoint, clause
// sentiment) over the features of features.ts, trained by scripts/train-clause-model.ts and shipped as
// clause-model.json. At load the weights become one flat table (a row of every head's weights per feature),
// and the keys are compiled into integer tables, so a clause costs one cached lookup per token; all heads
// are scored in one pass over the clause's rows; `explain` names the features that carried the winning
// label, which become the tag's evidence. The item heads (item-heads.ts) are a second table of the same
// kind over the same feature index: the rows a clause pass finds serve both, so the item is read as a
// by-product of tagging its clauses.
import { type ClauseRows, type CompiledIndex, compileIndex } from './compiled-features.js';
import type { Feature } from './features.js';

export type HeadName = 'stage' | 'touchpoint' | 'sentiment';
const HEADS: readonly HeadName[] = ['stage', 'touchpoint', 'sentiment'];
/**
 * The item heads read the whole item at once: its own stage, touchpoint and sentiment (four classes, with
 * `mixed`), as annotators label an item.
 */
export type ItemHeadName = 'stage' | 'touchpoint' | 'sentiment';
const ITEM_HEADS: readonly ItemHeadName[] = ['stage', 'touchpoint', 'sentiment'];

export interface Head {
  labels: readonly string[];
  bias: Float64Array;
  /** Where this head's weights start in a feature's row. */
  offset: number;
}

/** Some heads' weights as one flat table over one feature index. */
export interface WeightTable<H extends string> {
  heads: Record<H, Head>;
  /** Feature key → row, and row → key. */
  index: ReadonlyMap<string, number>;
  keys: readonly string[];
  /** The same keys read back into integer tables (compiled-features.ts). */
  compiled: CompiledIndex;
  /** Row-major: `width` weights per feature, every head's labels in turn (float32: half the memory traffic). */
  weights: Float32Array;
  /** The same weights minus the mean of their head's row: how far a feature favours each label (evidence). */
  centered: Float32Array;
  width: number;
  /** Scratch for predictions: a prediction's probabilities are valid until the next call. */
  scratch: Float64Array;
}

export interface ClauseModel extends WeightTable<HeadName> {
  version: string;
  /** The item heads, when the model file has them (models before painmap-clause-model/3 do not). */
  item: WeightTable<ItemHeadName> | null;
}

export interface HeadJson {
  labels: string[];
  bias: number[];
  /** Feature key → weights, one per label (rounded; features whose weights are all near 0 are left out). */
  weights: Record<string, number[]>;
}

export interface ClauseModelJson {
  version: string;
  heads: Record<HeadName, HeadJson>;
  item?: Record<ItemHeadName, HeadJson>;
  /** Training data, sizes and scores: the model card's numbers. */
  card?: unknown;
}

export function readClauseModel(json: ClauseModelJson): ClauseModel {
  // A model file without (all) item heads tags with the clause heads alone.
  const item = ITEM_HEADS.every((h) => json.item?.[h] !== undefined) ? json.item! : null;
  // One feature index for both tables (the clause heads' keys, then the item heads' own), compiled once.
  const index = new Map<string, number>();
  const tables: Record<string, HeadJson>[] = item === null ? [json.heads] : [json.heads, item];
  for (const table of tables)
    for (const head of Object.values(table))
      for (const key of Object.keys(head.weights)) if (!index.has(key)) index.set(key, index.size);
  const keys = [...index.keys()];
  const compiled = compileIndex(keys);
  return {
    version: json.version,
    ...readTable(json.heads, HEADS, index, keys, compiled),
    item: item === null ? null : readTable(item, ITEM_HEADS, index, keys, compiled),
  };
}

function readTable<H extends string>(
  json: Record<H, HeadJson>,
  names: readonly H[],
  index: ReadonlyMap<string, number>,
  keys: readonly string[],
  compiled: CompiledIndex,
): WeightTable<H> {
  const heads = {} as Record<H, Head>;
  let width = 0;
  for (const name of names) {
    const h = json[name];
    heads[name] = { labels: h.labels, bias: Float64Array.from(h.bias), offset: width };
    width += h.labels.length;
  }
  const weights = new Float32Array(index.size * width);
  for (const name of names) {
    const { offset } = heads[name];
    for (const [key, w] of Object.entries(json[name].weights)) {
      const at = index.get(key)! * width + offset;
      for (let j = 0; j < w.length; j++) weights[at + j] = w[j]!;
    }
  }
  const centered = new Float32Array(weights.length);
  for (let row = 0; row < index.size; row++)
    for (const name of names) {
      const { offset, labels } = heads[name];
      const at = row * width + offset;
      let mean = 0;
      for (let j = 0; j < labels.length; j++) mean += weights[at + j]!;
      mean /= labels.length;
      for (let j = 0; j < labels.length; j++) centered[at + j] = weights[at + j]! - mean;
    }
  return {
    heads,
    index,
    keys,
    compiled,
    weights,
    centered,
    width,
    scratch: new Float64Array(width),
  };
}

/** The rows of some string-keyed features (−1 for a feature the model does not know): the reference path. */
export function featureRows(model: WeightTable<string>, features: readonly Feature[]): Int32Array {
  const rows = new Int32Array(features.length);
  for (let i = 0; i < features.length; i++) rows[i] = model.index.get(features[i]!.key) ?? -1;
  return rows;
}

/** Every head's summed weights of some rows: the item context, computed once and added to each clause. */
export function sumRows(
  model: WeightTable<string>,
  rows: ClauseRows,
  out = new Float64Array(model.width),
): Float64Array {
  out.fill(0);
  const { weights, width } = model;
  for (let i = 0; i < rows.n; i++) {
    const at = rows.rows[i]! * width;
    const v = rows.values[i]!;
    for (let j = 0; j < width; j++) out[j]! += weights[at + j]! * v;
  }
  return out;
}

export interface Prediction {
  label: string;
  probability: number;
}

/** One clause's predictions; `probabilities` (the model's scratch) holds every head's softmax at its offset. */
export interface Predictions {
  stage: Prediction;
  touchpoint: Prediction;
  sentiment: Prediction;
  probabilities: Float64Array;
}

/**
 * Every head at once for one clause: its rows' weights plus the heads' biases and `extra` (the item
 * context), then a softmax per head. The probabilities live in the model's scratch buffer: read them before
 * the next call.
 */
export function predictAll(model: ClauseModel, rows: ClauseRows, extra?: Float64Array): Predictions {
  const z = sumInto(model, rows, extra);
  return {
    stage: softmax(model.heads.stage, z),
    touchpoint: softmax(model.heads.touchpoint, z),
    sentiment: softmax(model.heads.sentiment, z),
    probabilities: z,
  };
}

/** The item heads' predictions from sums of their rows' weights (item-heads.ts accumulates them). */
export function predictItemSums(
  item: WeightTable<ItemHeadName>,
  sums: Float64Array,
): Record<ItemHeadName, Prediction> & { probabilities: Float64Array } {
  const z = item.scratch;
  z.set(sums);
  return {
    stage: softmax(item.heads.stage, z),
    touchpoint: softmax(item.heads.touchpoint, z),
    sentiment: softmax(item.heads.sentiment, z),
    probabilities: z,
  };
}

/** `extra` plus the rows' weights, into the table's scratch (biases are added by softmax). */
function sumInto(model: WeightTable<string>, rows: ClauseRows, extra?: Float64Array): Float64Array {
  const { weights, width } = model;
  const z = model.scratch;
  if (extra !== undefined) z.set(extra);
  else z.fill(0);
  const n = rows.n;
  const rowIndex = rows.rows;
  const values = rows.values;
  for (let i = 0; i < n; i++) {
    const at = rowIndex[i]! * width;
    const v = values[i]!;
    if (v === 1) for (let j = 0; j < width; j++) z[j]! += weights[at + j]!;
    else for (let j = 0; j < width; j++) z[j]! += weights[at + j]! * v;
  }
  return z;
}

function softmax(head: Head, z: Float64Array): Prediction {
  const { offset, bias, labels } = head;
  const end = offset + labels.length;
  let max = -Infinity;
  for (let j = offset; j < end; j++) {
    z[j]! += bias[j - offset]!;
    if (z[j]! > max) max = z[j]!;
  }
  let sum = 0;
  for (let j = offset; j < end; j++) {
    z[j] = Math.exp(z[j]! - max);
    sum += z[j]!;
  }
  let best = offset;
  for (let j = offset; j < end; j++) {
    z[j]! /= sum;
    if (z[j]! > z[best]!) best = j;
  }
  return { label: labels[best - offset]!, probability: z[best]! };
}

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
