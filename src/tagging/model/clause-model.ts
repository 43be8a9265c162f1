// The learned clause model: one multinomial logistic regression per head (stage, touchpoint, clause
// sentiment) over the features of features.ts, trained by scripts/train-clause-model.ts and shipped as
// clause-model.json. At load the weights become one flat table (a row of every head's weights per feature),
// and the keys are compiled into integer tables, so an item costs one cached lookup per token; all heads
// are scored in one pass over the clause's rows (each row's zeros skipped); `explain` (explain.ts) names
// the features that carried the winning label, which become the tag's evidence. The item heads (item-heads.ts) are a second table of the same
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
  /**
   * Per row, the columns from its first to past its last non-zero weight (`2 * row`, `2 * row + 1`): many
   * rows weigh only one head (a word's written form, only stage) and a third of the bigrams none of this
   * table's, and adding a zero changes no sum, so sums skip them.
   */
  spans: Uint16Array;
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
    spans: nonZeroSpans(weights, width),
    scratch: new Float64Array(width),
  };
}

function nonZeroSpans(weights: Float32Array, width: number): Uint16Array {
  const rows = weights.length / width;
  const spans = new Uint16Array(2 * rows);
  for (let row = 0; row < rows; row++) {
    const at = row * width;
    let from = 0;
    let to = width;
    while (from < to && weights[at + from] === 0) from++;
    while (to > from && weights[at + to - 1] === 0) to--;
    spans[2 * row] = from;
    spans[2 * row + 1] = to;
  }
  return spans;
}

/**
 * Adds one row's weights times `value` to `out`, left to right as a dense loop would (the zeros it skips
 * change no sum: x + 0 is x, and a zero's sign cannot reach a softmax), so every sum is the same to the bit.
 */
export function addRow(table: WeightTable<string>, row: number, value: number, out: Float64Array): void {
  const { weights, spans } = table;
  const at = row * table.width;
  const to = spans[2 * row + 1]!;
  let j = spans[2 * row]!;
  // Four columns a step: the JIT neither unrolls nor vectorises, and the loop's own work was half its cost.
  if (value === 1) {
    for (; j + 4 <= to; j += 4) {
      out[j]! += weights[at + j]!;
      out[j + 1]! += weights[at + j + 1]!;
      out[j + 2]! += weights[at + j + 2]!;
      out[j + 3]! += weights[at + j + 3]!;
    }
    for (; j < to; j++) out[j]! += weights[at + j]!;
  } else {
    for (; j + 4 <= to; j += 4) {
      out[j]! += weights[at + j]! * value;
      out[j + 1]! += weights[at + j + 1]! * value;
      out[j + 2]! += weights[at + j + 2]! * value;
      out[j + 3]! += weights[at + j + 3]! * value;
    }
    for (; j < to; j++) out[j]! += weights[at + j]! * value;
  }
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
  for (let i = 0; i < rows.n; i++) addRow(model, rows.rows[i]!, rows.values[i]!, out);
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
  const z = model.scratch;
  if (extra !== undefined) z.set(extra);
  else z.fill(0);
  for (let i = 0; i < rows.n; i++) addRow(model, rows.rows[i]!, rows.values[i]!, z);
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
