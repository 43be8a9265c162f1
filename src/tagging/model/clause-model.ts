// The learned clause model: one multinomial logistic regression per head (stage, touchpoint, clause
// sentiment) over the features of features.ts, trained by scripts/train-clause-model.ts and shipped as
// clause-model.json. At load the weights become one flat table (a row of every head's weights per feature),
// so a clause costs one Map lookup per feature; `explain` names the features that carried the winning
// label, which become the tag's evidence.
import type { Feature } from './features.js';

export type HeadName = 'stage' | 'touchpoint' | 'sentiment';
const HEADS: readonly HeadName[] = ['stage', 'touchpoint', 'sentiment'];

export interface Head {
  labels: readonly string[];
  bias: Float64Array;
  /** Where this head's weights start in a feature's row. */
  offset: number;
}

export interface ClauseModel {
  version: string;
  heads: Record<HeadName, Head>;
  /** Feature key → row. */
  index: ReadonlyMap<string, number>;
  /** Row-major: `width` weights per feature, every head's labels in turn. */
  weights: Float64Array;
  width: number;
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
  /** Training data, sizes and scores: the model card's numbers. */
  card?: unknown;
}

export function readClauseModel(json: ClauseModelJson): ClauseModel {
  const index = new Map<string, number>();
  for (const name of HEADS)
    for (const key of Object.keys(json.heads[name].weights)) if (!index.has(key)) index.set(key, index.size);
  const heads = {} as Record<HeadName, Head>;
  let width = 0;
  for (const name of HEADS) {
    const h = json.heads[name];
    heads[name] = { labels: h.labels, bias: Float64Array.from(h.bias), offset: width };
    width += h.labels.length;
  }
  const weights = new Float64Array(index.size * width);
  for (const name of HEADS) {
    const { offset } = heads[name];
    for (const [key, w] of Object.entries(json.heads[name].weights)) {
      const at = index.get(key)! * width + offset;
      for (let j = 0; j < w.length; j++) weights[at + j] = w[j]!;
    }
  }
  return { version: json.version, heads, index, weights, width };
}

/** The rows of a clause's features (−1 for a feature the model does not know), looked up once for all heads. */
export function featureRows(model: ClauseModel, features: readonly Feature[]): Int32Array {
  const rows = new Int32Array(features.length);
  for (let i = 0; i < features.length; i++) rows[i] = model.index.get(features[i]!.key) ?? -1;
  return rows;
}

/** Every head's summed weights of some features: per-item context computed once and added per clause. */
export function sumRows(model: ClauseModel, features: readonly Feature[], rows: Int32Array): Float64Array {
  const out = new Float64Array(model.width);
  for (let i = 0; i < features.length; i++) {
    const row = rows[i]!;
    if (row < 0) continue;
    const at = row * model.width;
    const v = features[i]!.value;
    for (let j = 0; j < model.width; j++) out[j]! += model.weights[at + j]! * v;
  }
  return out;
}

export interface Prediction {
  label: string;
  probability: number;
  /** Probabilities of every label, in `head.labels` order. */
  probabilities: Float64Array;
}

/** Softmax of one head for one clause: its features' rows plus an optional precomputed sum (the context). */
export function predict(
  model: ClauseModel,
  head: Head,
  features: readonly Feature[],
  rows: Int32Array,
  extra?: Float64Array,
): Prediction {
  const n = head.labels.length;
  const z = new Float64Array(n);
  const { weights, width } = model;
  for (let j = 0; j < n; j++) z[j] = head.bias[j]! + (extra === undefined ? 0 : extra[head.offset + j]!);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row < 0) continue;
    const at = row * width + head.offset;
    const v = features[i]!.value;
    for (let j = 0; j < n; j++) z[j]! += weights[at + j]! * v;
  }
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (z[j]! > max) max = z[j]!;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    z[j] = Math.exp(z[j]! - max);
    sum += z[j]!;
  }
  let best = 0;
  for (let j = 0; j < n; j++) {
    z[j]! /= sum;
    if (z[j]! > z[best]!) best = j;
  }
  return { label: head.labels[best]!, probability: z[best]!, probabilities: z };
}

export interface Contribution {
  feature: Feature;
  weight: number;
}

/**
 * The features in the text that pushed `label` up the most against the other labels (weight of the label
 * minus the head's mean weight), strongest first; features with no place in the text are left out.
 */
export function explain(
  model: ClauseModel,
  head: Head,
  features: readonly Feature[],
  rows: Int32Array,
  label: string,
  most = 3,
): Contribution[] {
  const j = head.labels.indexOf(label);
  if (j < 0) return [];
  const n = head.labels.length;
  const out: Contribution[] = [];
  for (let i = 0; i < rows.length; i++) {
    const f = features[i]!;
    const row = rows[i]!;
    if (f.start < 0 || row < 0) continue;
    const at = row * model.width + head.offset;
    let mean = 0;
    for (let k = 0; k < n; k++) mean += model.weights[at + k]!;
    const weight = (model.weights[at + j]! - mean / n) * f.value;
    if (weight > 0) out.push({ feature: f, weight });
  }
  out.sort((a, b) => b.weight - a.weight || a.feature.start - b.feature.start);
  return out.slice(0, most);
}
