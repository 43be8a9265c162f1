// Trains the positive-vs-negative layer (src/tagging/sentiment/polarity-model.json): a logistic regression
// over hashed unigrams and bigrams plus the rule score, by plain SGD with L2, in a fixed (seeded) order.
// Data: the four VADER human-rated sets (MIT, see shared/benchmarks/sentiment/vader/README.md; items with
// |mean| >= 0.5 only) and the dev split of fixtures/labelled/feedback.jsonl (positive/negative items).
// The test split is never read here. `npm run eval` scores the benchmark with leave-one-corpus-out models.
// Run: npx tsx scripts/train-sentiment.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/aggregate/stats/prng.js';
import {
  featureBuckets,
  type PolarityModel,
  type PolarityModelJson,
  readPolarityModel,
} from '../src/tagging/sentiment/polarity-model.js';
import { createTagItem } from '../src/tagging/tag-item.js';
import { compileTaxonomy } from '../src/tagging/taxonomy/compile-taxonomy.js';
import { parseTaxonomy } from '../src/tagging/taxonomy/load-taxonomy.js';
import { tokenize } from '../src/tagging/text/tokenize.js';
import { CORPORA, readCorpus } from './eval/corpora.js';

export const MODEL_VERSION = 'polarity-lr/1';
const BUCKETS = 1 << 16;
const EPOCHS = 6;
const RATE = 0.05;
const L2 = 2e-6;
/** The one dense feature (the rule score) learns this many times faster than a hashed n-gram. */
const RULE_RATE = 4;
/** Weights smaller than this are dropped from the shipped file; the rest keep 3 decimals. */
const KEEP = 0.002;

export interface Example {
  buckets: number[];
  ruleScore: number;
  /** 1 positive, 0 negative. */
  label: number;
  /** Corpus name, for leave-one-corpus-out folds. */
  group: string;
}

// The taxonomy file is read directly (not through src/tagging/index.ts, which loads the model this writes).
const taxonomyFile = fileURLToPath(new URL('../src/tagging/taxonomy/default-taxonomy.json', import.meta.url));
const ruleTagger = createTagItem(compileTaxonomy(parseTaxonomy(readFileSync(taxonomyFile, 'utf8'))), null);

export function toExample(text: string, label: number, group: string): Example {
  return {
    buckets: featureBuckets(tokenize(text), BUCKETS),
    ruleScore: ruleTagger({ text }).sentiment.score,
    label,
    group,
  };
}

/** Polar items of the four benchmark corpora and of the labelled dev split. */
export function readExamples(repoRoot: string, benchDir: string): Example[] {
  const examples: Example[] = [];
  for (const [name, file] of CORPORA) {
    for (const item of readCorpus(path.join(benchDir, file))) {
      if (Math.abs(item.gold) >= 0.5) examples.push(toExample(item.text, item.gold > 0 ? 1 : 0, name));
    }
  }
  const labelled = readFileSync(path.join(repoRoot, 'fixtures/labelled/feedback.jsonl'), 'utf8');
  for (const line of labelled.split('\n')) {
    if (line.trim() === '') continue;
    const item = JSON.parse(line) as { text: string; sentiment: string; split: string };
    if (item.split !== 'dev' || (item.sentiment !== 'positive' && item.sentiment !== 'negative')) continue;
    examples.push(toExample(item.text, item.sentiment === 'positive' ? 1 : 0, 'labelled-dev'));
  }
  return examples;
}

/** SGD logistic regression; the result is rounded as it is shipped, so folds score what would ship. */
export function train(examples: readonly Example[]): PolarityModelJson {
  const w = new Float64Array(BUCKETS);
  let bias = 0;
  let ruleWeight = 0;
  const order = examples.map((_, i) => i);
  const random = seededRandom(20_140_601);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = RATE / (1 + epoch);
    for (const k of order) {
      const x = examples[k]!;
      let z = bias + ruleWeight * x.ruleScore;
      for (const b of x.buckets) z += w[b]!;
      const g = 1 / (1 + Math.exp(-z)) - x.label;
      bias -= rate * g;
      ruleWeight -= rate * RULE_RATE * g * x.ruleScore;
      for (const b of x.buckets) w[b]! -= rate * (g + L2 * w[b]!);
    }
  }
  const weights: Record<string, number> = {};
  for (let b = 0; b < BUCKETS; b++) if (Math.abs(w[b]!) >= KEEP) weights[b] = Math.round(w[b]! * 1000) / 1000;
  return {
    version: MODEL_VERSION,
    buckets: BUCKETS,
    bias: Math.round(bias * 1e4) / 1e4,
    ruleWeight: Math.round(ruleWeight * 1e4) / 1e4,
    weights,
  };
}

/** A model trained on every group but `heldOut`: the benchmark scores `heldOut` with it. */
export function trainWithout(examples: readonly Example[], heldOut: string): PolarityModel {
  return readPolarityModel(train(examples.filter((e) => e.group !== heldOut)));
}

const isMain =
  process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const benchDir =
    process.env.PAINMAP_SENTIMENT_BENCH ?? path.resolve(repoRoot, '../shared/benchmarks/sentiment/vader');
  const examples = readExamples(repoRoot, benchDir);
  const model = train(examples);
  const out = path.join(repoRoot, 'src/tagging/sentiment/polarity-model.json');
  writeFileSync(out, `${JSON.stringify(model)}\n`);
  console.log(
    `trained on ${examples.length} examples; ${Object.keys(model.weights).length} weights kept → ${out}`,
  );
}
