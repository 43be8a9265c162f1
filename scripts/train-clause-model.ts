// Trains the learned clause model (src/tagging/model/clause-model.json): one multinomial logistic
// regression per head (stage, touchpoint, clause sentiment) over the features of
// src/tagging/model/features.ts, from clause-level labelled real text, and two item heads (the item's own
// stage, touchpoint and sentiment, from the whole item's features: src/tagging/model/item-heads.ts) from
// the same items' item-level labels:
//   - fixtures/labelled/corpora/*.jsonl: our own labels of ../shared/corpora (never the labelled/ ids),
//   - ../shared/corpora/labelled/dev.jsonl: the outside annotators' dev split (left out with --no-dev),
//   - the team's own dev-only sets (fixtures/labelled/feedback-dev*.jsonl and the dev split of feedback.jsonl),
//     item-level labels only, at TEAM_WEIGHT: they cover shops, couriers and support desks the corpora lack,
//   - the default taxonomy's rule words as one-word examples of their class, at a low weight (a prior for
//     vocabulary no labelled clause holds yet),
// and never ../shared/corpora/labelled/test.jsonl nor the team's held-out sets. Deterministic: a seeded shuffle, AdaGrad, fixed epochs.
// Usage: tsx scripts/train-clause-model.ts [--no-dev] [--without-preset-part eval|rules] [--out FILE]
// (--without-preset-part eval leaves out the industry presets' evaluation parts, scripts/eval/preset-sets.ts,
// for a candidate model `npm run eval presets` can score them with: PAINMAP_EVAL_CLAUSE_MODEL=FILE; `rules`
// leaves out the parts preset rules are written from, to tune how preset rules meet the model on them.)
import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { STAGES, TOUCHPOINTS } from '../src/domain.js';
import { classifyClause } from '../src/tagging/classify-clause.js';
import { draftMentions, labelOf } from '../src/tagging/draft-mentions.js';
import { defaultTaxonomy } from '../src/tagging/index.js';
import type { ClauseModelJson, HeadJson, HeadName } from '../src/tagging/model/clause-model.js';
import { clauseFeatures, contextStems, featureWord, KEY } from '../src/tagging/model/features.js';
import { itemFeatures } from '../src/tagging/model/item-heads.js';
import { normalizeScore, scoreClause } from '../src/tagging/sentiment/score-clause.js';
import { compileTaxonomy } from '../src/tagging/taxonomy/compile-taxonomy.js';
import { tokenize } from '../src/tagging/text/tokenize.js';
import { readLabelled } from './eval/labelled.js';
import { inPresetPart } from './eval/preset-sets.js';
import { type RealItem, readRealLabelled } from './eval/real-text.js';
import { averageFits, type Example, fitOnce } from './train/fit-head.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corporaDir = process.env.PAINMAP_CORPORA ?? path.resolve(repoRoot, '../shared/corpora');
const args = process.argv.slice(2);
const useDev = !args.includes('--no-dev');
const withoutPart = args.includes('--without-preset-part')
  ? z.enum(['eval', 'rules']).parse(args[args.indexOf('--without-preset-part') + 1])
  : null;
const leftOut = (item: RealItem) => withoutPart !== null && inPresetPart(item, withoutPart);
/**
 * `--holdout-fold K/N`: leave out the own-labelled items whose id hashes to fold K of N (cross-validation on
 * our own labels, a far larger check than dev.jsonl's 300 items); their lines are written beside the model as
 * FILE.holdout.jsonl for `scripts/eval/candidate.ts FILE --holdout` to score.
 */
const holdout = args.includes('--holdout-fold')
  ? z
      .string()
      .regex(/^\d+\/\d+$/)
      .transform((s) => s.split('/').map(Number) as [number, number])
      .parse(args[args.indexOf('--holdout-fold') + 1])
  : null;
const foldOf = (id: string, n: number) => createHash('sha256').update(id).digest().readUInt32BE(0) % n;
const heldOut = (item: RealItem) => holdout !== null && foldOf(item.id, holdout[1]) === holdout[0];
const outFile = args.includes('--out')
  ? path.resolve(args[args.indexOf('--out') + 1]!)
  : path.join(repoRoot, 'src/tagging/model/clause-model.json');

/**
 * The model's version: the feature grammar's number and a hash of the weights, so every retrain that
 * changes a weight gives stored items another `tagger_version` and `painmap retag` re-tags them.
 */
export const MODEL_VERSION = 'painmap-clause-model/4';
const EPOCHS = Number(process.env.CM_EPOCHS ?? 12);
/**
 * AdaGrad step sizes and class balance, chosen on dev.jsonl with the model trained without it (16 settings
 * tried; dev 0.877 / 0.856 / 0.793 / 0.769 at 0.3 / 0.3 / 0.35 → 0.900 / 0.873 / 0.793 / 0.791).
 */
const LEARNING_RATE = Number(process.env.CM_LR ?? 0.15);
const LEARNING_RATE_SENTIMENT = Number(process.env.CM_LR_SENT ?? 0.3);
const L2 = Number(process.env.CM_L2 ?? 1e-5);
/**
 * Features the sentiment head does not read: the taxonomy's rule hits. With them it learned topics as
 * feelings ("log in", "delivery" complain in most labelled clauses, so praise of them read negative); without
 * them dev sentiment is 0.797 against 0.793 and praise of a topic reads as praise.
 */
const SENTIMENT_EXCLUDES = new RegExp(process.env.CM_SENT_EXCLUDE ?? '^(h|hl):');
/**
 * Nor the topic words themselves: the stems of the taxonomy's rule words ("login", "parcel", "password").
 * With them "Logging in is easy now" read negative, because most labelled log-in clauses complain; without
 * them dev sentiment is 0.787 against 0.793 (two items) and praise of a topic reads as praise.
 */
const TOPIC_STEMS = new Set<string>();
for (const kind of ['stages', 'touchpoints'] as const)
  for (const entry of Object.values(defaultTaxonomy[kind]))
    for (const rule of entry?.rules ?? [])
      for (const match of rule.match) {
        const words = tokenize(match.replace(/^=/, '')).filter((t) => t.kind === 'word');
        for (const w of words) TOPIC_STEMS.add(featureWord(w.lower));
      }
/** A plain or context feature of a topic word (negated words and bigrams stay: "never arrived"). */
const isTopicWord = (key: string) =>
  ((key.startsWith('w:') || key.startsWith('d:')) && TOPIC_STEMS.has(key.slice(2))) ||
  (key.startsWith('f:') && TOPIC_STEMS.has(featureWord(key.slice(2))));
/**
 * The heads that read a word's written form beside its stem ("booked" beside "book": features.ts). Tense
 * is intent, and intent is stage: on two folds of our own labels the stage heads gained with them, while
 * touchpoint and sentiment moved within ±0.008 either way, so only stage reads them.
 */
const FORM_HEADS = new Set<string>((process.env.CM_FORM_HEADS ?? 'stage').split(','));
const L2_SENTIMENT = Number(process.env.CM_L2_SENT ?? 1e-5);
const MIN_FEATURE_COUNT = 2;
/** Rare classes weigh (most common / this class)^CLASS_BALANCE: enough to find them, not to over-call them. */
const CLASS_BALANCE = Number(process.env.CM_BALANCE ?? 0.2);
const SEED = Number(process.env.CM_SEED ?? 20261203);
/**
 * Shuffles averaged: each head is trained SHUFFLES times, from seeds SEED, SEED + 1, …, and its weights are
 * the mean (see averageFits). One shuffle's model moves item stage on a fold of our labels by ~0.015 with
 * the seed alone, as much as any change tried since stop 26; the mean of several is the same model with
 * less of that noise.
 */
const SHUFFLES = Number(process.env.CM_SHUFFLES ?? 4);
const TEAM_WEIGHT = Number(process.env.CM_TEAM ?? 0.2);
const RULE_WEIGHT = Number(process.env.CM_RULE ?? 0.1);

const taxonomy = compileTaxonomy(defaultTaxonomy);

function locate(text: string, quote: string): [number, number] | null {
  let at = text.indexOf(quote);
  if (at < 0) at = text.toLowerCase().indexOf(quote.toLowerCase());
  return at < 0 ? null : [at, at + quote.length];
}

/** One example per labelled mention: its quote's tokens are the clause, the item is the context. */
function examplesOf(items: readonly RealItem[], weight: number): Example[] {
  const out: Example[] = [];
  for (const item of items) {
    const tokens = tokenize(item.text);
    const context = contextStems(tokens);
    for (const m of item.mentions) {
      const span = locate(item.text, m.quote);
      if (span === null) continue;
      const clause = tokens.filter((t) => t.start >= span[0] && t.end <= span[1]);
      if (clause.length === 0) continue;
      const score = normalizeScore(scoreClause(item.text, clause, false, 'alone').raw);
      const label = labelOf(score);
      const hits = classifyClause(taxonomy, item.text, clause, label).hits;
      const labels: Example['labels'] = { stage: m.stage, sentiment: m.sentiment };
      if (m.touchpoint !== null) labels.touchpoint = m.touchpoint;
      out.push({ features: clauseFeatures(clause, context, hits, { label, score }, []), labels, weight });
    }
  }
  return out;
}

/**
 * `topicWords`: whether a sentiment head reads the taxonomy's topic words. The clause head does not (see
 * TOPIC_STEMS); the item head does: it reads the whole item, where a topic word is rarely all there is, and
 * on dev.jsonl it scores 0.817 with them against 0.810 without.
 */
function trainHead(
  examples: readonly Example[],
  name: HeadName,
  labels: readonly string[],
  topicWords = false,
): HeadJson {
  const data = examples.filter((e) => e.labels[name] !== undefined);
  const l2 = name === 'sentiment' ? L2_SENTIMENT : L2;
  const rate = name === 'sentiment' ? LEARNING_RATE_SENTIMENT : LEARNING_RATE;
  // Sentiment reads the words and the rules' score, not the taxonomy's hits nor its topic words. Only the
  // stage heads read the words' written forms (FORM_HEADS).
  const uses = (key: string) =>
    (!key.startsWith(KEY.form) || FORM_HEADS.has(name)) &&
    (name !== 'sentiment' || (!SENTIMENT_EXCLUDES.test(key) && (topicWords || !isTopicWord(key))));
  const counts = new Map<string, number>();
  for (const e of data) counts.set(e.labels[name]!, (counts.get(e.labels[name]!) ?? 0) + 1);
  const maxCount = Math.max(...counts.values());
  const classWeight = labels.map((l) =>
    (counts.get(l) ?? 0) === 0 ? 0 : (maxCount / counts.get(l)!) ** CLASS_BALANCE,
  );
  const featureCounts = new Map<string, number>();
  for (const e of data)
    for (const f of e.features) featureCounts.set(f.key, (featureCounts.get(f.key) ?? 0) + 1);
  const index = new Map<string, number>();
  for (const [k, c] of [...featureCounts].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (c >= MIN_FEATURE_COUNT || k.startsWith('rs:') || k.startsWith('bias')) index.set(k, index.size);
  const n = labels.length;
  const fitFrom = (seed: number) =>
    fitOnce(data, labels, index, uses, classWeight, { name, l2, rate, seed, epochs: EPOCHS });
  const { w, bias } = averageFits(Array.from({ length: SHUFFLES }, (_, k) => fitFrom(SEED + k)));
  const weights: Record<string, number[]> = {};
  for (const [k, i] of index) {
    const row = Array.from(w.subarray(i * n, i * n + n), (x) => Math.round(x * 1000) / 1000);
    if (row.some((x) => Math.abs(x) >= 0.01)) weights[k] = row;
  }
  return { labels: [...labels], bias: Array.from(bias, (x) => Math.round(x * 1000) / 1000), weights };
}

/** One example per labelled item for the item heads: the whole text, its own stage, touchpoint and sentiment. */
function itemLevelExamples(
  items: readonly { text: string; stage: string; touchpoint: string | null; sentiment: string }[],
  weight: number,
): Example[] {
  return items.map((item) => {
    const tokens = tokenize(item.text);
    const labels: Example['labels'] = { stage: item.stage, sentiment: item.sentiment };
    if (item.touchpoint !== null) labels.touchpoint = item.touchpoint;
    return { features: itemFeatures(tokens, draftMentions(taxonomy, item.text, tokens)), labels, weight };
  });
}

/** The team's item-level sets: the whole text is one example with the item's labels. */
function itemExamples(file: string, weight: number): { items: number; examples: Example[]; item: Example[] } {
  const out: Example[] = [];
  const items = readLabelled(file).filter((i) => i.split === 'dev');
  for (const item of items) {
    const tokens = tokenize(item.text);
    const score = normalizeScore(scoreClause(item.text, tokens, false, 'alone').raw);
    const label = labelOf(score);
    const hits = classifyClause(taxonomy, item.text, tokens, label).hits;
    const labels: Example['labels'] = { stage: item.stage, touchpoint: item.touchpoint };
    if (item.sentiment !== 'mixed') labels.sentiment = item.sentiment;
    out.push({ features: clauseFeatures(tokens, new Set(), hits, { label, score }, []), labels, weight });
  }
  return { items: items.length, examples: out, item: itemLevelExamples(items, weight) };
}

/** Each rule's words as a tiny example of its class: what the taxonomy knows, as a weak prior. */
function ruleExamples(weight: number): Example[] {
  const out: Example[] = [];
  for (const kind of ['stages', 'touchpoints'] as const) {
    for (const [label, entry] of Object.entries(defaultTaxonomy[kind])) {
      for (const rule of entry?.rules ?? []) {
        if (rule.when !== undefined) continue;
        for (const match of rule.match) {
          const text = match.replace(/^=/, '');
          const tokens = tokenize(text);
          const hits = classifyClause(taxonomy, text, tokens, 'neutral').hits;
          const labels: Example['labels'] = kind === 'stages' ? { stage: label } : { touchpoint: label };
          out.push({
            features: clauseFeatures(tokens, new Set(), hits, { label: 'neutral', score: 0 }, []),
            labels,
            weight,
          });
        }
      }
    }
  }
  return out;
}

const ownDir = path.join(repoRoot, 'fixtures/labelled/corpora');
const ownFiles = readdirSync(ownDir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();
const sources: { name: string; items: RealItem[]; weight: number }[] = ownFiles.map((f) => ({
  name: `fixtures/labelled/corpora/${f}`,
  items: readRealLabelled(path.join(ownDir, f)).filter((i) => !leftOut(i) && !heldOut(i)),
  weight: 1,
}));
if (holdout !== null) {
  const ids = new Set<string>();
  const lines: string[] = [];
  for (const f of ownFiles)
    for (const i of readRealLabelled(path.join(ownDir, f)))
      if (heldOut(i) && !ids.has(i.id)) {
        ids.add(i.id);
        lines.push(JSON.stringify(i));
      }
  writeFileSync(`${outFile}.holdout.jsonl`, `${lines.join('\n')}\n`);
  console.log(`held out fold ${holdout[0]}/${holdout[1]}: ${ids.size} own-labelled items`);
}
if (useDev)
  sources.push({
    name: 'shared/corpora/labelled/dev.jsonl',
    items: readRealLabelled(path.join(corporaDir, 'labelled/dev.jsonl')),
    weight: 1,
  });
// An item labelled twice (agreement samples) trains once: the first file's labels.
const seen = new Set<string>();
const examples: Example[] = [];
const itemLevel: Example[] = [];
for (const s of sources) {
  const fresh = s.items.filter((i) => !seen.has(i.id));
  for (const i of fresh) seen.add(i.id);
  examples.push(...examplesOf(fresh, s.weight));
  itemLevel.push(...itemLevelExamples(fresh, s.weight));
  console.log(`${s.name}: ${fresh.length} items`);
}
const teamFiles = [
  'feedback.jsonl',
  'feedback-dev2.jsonl',
  'feedback-dev3.jsonl',
  'feedback-dev4.jsonl',
  'feedback-dev5.jsonl',
];
let teamItems = 0;
for (const f of teamFiles) {
  const {
    items,
    examples: more,
    item,
  } = itemExamples(path.join(repoRoot, 'fixtures/labelled', f), TEAM_WEIGHT);
  teamItems += items;
  examples.push(...more);
  itemLevel.push(...item);
}
console.log(`team dev-only sets: ${teamItems} items (weight ${TEAM_WEIGHT})`);
const rules = ruleExamples(RULE_WEIGHT);
examples.push(...rules);
console.log(`taxonomy rule words: ${rules.length} examples (weight ${RULE_WEIGHT})`);
console.log(`${examples.length} clause examples`);
const heads = {
  stage: trainHead(examples, 'stage', STAGES),
  touchpoint: trainHead(examples, 'touchpoint', TOUCHPOINTS),
  sentiment: trainHead(examples, 'sentiment', ['positive', 'negative', 'neutral']),
};
const item = {
  stage: trainHead(itemLevel, 'stage', STAGES),
  touchpoint: trainHead(itemLevel, 'touchpoint', TOUCHPOINTS),
  // Like the clause sentiment head, not the rule hits; unlike it, the topic words.
  sentiment: trainHead(itemLevel, 'sentiment', ['positive', 'negative', 'neutral', 'mixed'], true),
};
const weightsHash = createHash('sha256').update(JSON.stringify({ heads, item })).digest('hex').slice(0, 8);
const json: ClauseModelJson = {
  version: `${MODEL_VERSION}+${weightsHash}`,
  heads,
  item,
  card: {
    trainedOn: [
      ...sources.map((s) => s.name),
      ...teamFiles.map((f) => `fixtures/labelled/${f} (dev items)`),
      'default taxonomy rule words',
    ],
    items: seen.size,
    clauses: examples.length,
    itemExamples: itemLevel.length,
    epochs: EPOCHS,
    classBalance: CLASS_BALANCE,
  },
};
writeFileSync(outFile, `${JSON.stringify(json)}\n`);
console.log(
  `wrote ${path.relative(repoRoot, outFile)}: ${Object.values(json.heads)
    .map((h) => Object.keys(h.weights).length)
    .join(' / ')} features (stage / touchpoint / sentiment)`,
);
