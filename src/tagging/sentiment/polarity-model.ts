// The trained positive-vs-negative layer: a logistic regression over hashed unigrams and bigrams plus the
// rule score. Weights come from scripts/train-sentiment.ts (polarity-model.json). The rules keep intensity;
// the model only decides the polarity of text the rules leave neutral.

import { boundedMemo } from '../text/bounded-memo.js';
import type { Token } from '../text/tokenize.js';

export interface PolarityModel {
  /** Number of hash buckets (a power of two). */
  buckets: number;
  bias: number;
  /** Weight of the rule score (normalised, -1..1). */
  ruleWeight: number;
  weights: Float64Array;
}

export interface PolarityModelJson {
  version: string;
  buckets: number;
  bias: number;
  ruleWeight: number;
  /** Sparse weights: bucket index → weight. */
  weights: Record<string, number>;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** 32-bit FNV-1a of a lower-case token, memoised (bounded). */
const hashWord = boundedMemo((word) => {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
});

/** Bucket indexes of the unigrams and bigrams of `tokens` (words, emoji and emoticons), in text order. */
export function featureBuckets(tokens: readonly Token[], buckets: number): number[] {
  const mask = buckets - 1;
  const out: number[] = [];
  let previous = -1;
  for (const t of tokens) {
    if (t.kind !== 'word' && t.kind !== 'emoji' && t.kind !== 'emoticon') {
      if (t.kind === 'punct' || t.kind === 'break') previous = -1;
      continue;
    }
    const h = hashWord(t.lower);
    out.push(h & mask);
    if (previous >= 0) out.push((Math.imul(previous, 31) + h + 0x9e3779b9) & mask);
    previous = h;
  }
  return out;
}

/** P(positive) for one text: `ruleScore` is the rules' normalised score in -1..1. */
export function predictPositive(model: PolarityModel, buckets: readonly number[], ruleScore: number): number {
  let z = model.bias + model.ruleWeight * ruleScore;
  for (const b of buckets) z += model.weights[b] ?? 0;
  return 1 / (1 + Math.exp(-z));
}

export function readPolarityModel(json: PolarityModelJson): PolarityModel {
  const weights = new Float64Array(json.buckets);
  for (const [bucket, w] of Object.entries(json.weights)) weights[Number(bucket)] = w;
  return { buckets: json.buckets, bias: json.bias, ruleWeight: json.ruleWeight, weights };
}
