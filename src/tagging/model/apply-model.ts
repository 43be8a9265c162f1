// Applies the learned clause model to an item's draft mentions: stage, touchpoint and clause sentiment
// come from the model, whose features include the taxonomy's rule hits, so the rules still count (a custom
// taxonomy's rules through the labels they vote for). Evidence names the features that carried each tag.
import type { ClauseSentiment, Stage, Touchpoint } from '../../domain.js';
import type { Draft } from '../draft-mentions.js';
import type { Token } from '../text/tokenize.js';
import type { Evidence } from '../types.js';
import {
  type ClauseModel,
  explain,
  type Head,
  type HeadName,
  type ItemHeadName,
  newExplanation,
  predictAll,
  sumRows,
  type WeightTable,
} from './clause-model.js';
import { ClauseRows, clauseRows, contextRows } from './compiled-features.js';
import type { RuleHit } from './features.js';
import type { ItemReader } from './item-heads.js';
import { namesNothing } from './names-nothing.js';

/** What a feature is called in evidence: a rule hit by its rule id, anything else as a model feature. */
function evidenceRule(kind: HeadName, label: string, key: string): string {
  return key.startsWith('h:') ? key.slice(2) : `model.${kind}.${label}.${key}`;
}

/** Evidence names per model, by (feature row, head label): the same few hundred recur, built once. */
const names = new WeakMap<ClauseModel, Map<number, string>>();
function evidenceName(
  model: ClauseModel,
  head: Head,
  kind: HeadName,
  label: string,
  row: number,
  key: string,
) {
  let cache = names.get(model);
  if (cache === undefined) {
    cache = new Map();
    names.set(model, cache);
  }
  const at = row * model.width + head.offset + head.labels.indexOf(label);
  let name = cache.get(at);
  if (name === undefined) {
    name = evidenceRule(kind, label, key);
    cache.set(at, name);
  }
  return name;
}

function modelEvidence(
  text: string,
  model: ClauseModel,
  head: Head,
  kind: HeadName,
  rows: ClauseRows,
  label: string,
): Evidence[] {
  const out: Evidence[] = [];
  const found = explain(model, head, rows, label, EXPLANATION);
  for (let k = 0; k < found.n; k++) {
    const i = found.at[k]!;
    const row = rows.rows[i]!;
    const start = rows.starts[i]!;
    const end = rows.ends[i]!;
    const rule = evidenceName(model, head, kind, label, row, model.keys[row]!);
    out.push({ kind, rule, match: text.slice(start, end), start, end });
  }
  if (out.length === 0) out.push({ kind, rule: `model.${kind}.${label}.prior`, match: '', start: 0, end: 0 });
  return out;
}

/** Below this probability a clause's stage or touchpoint is unsure: its words name nothing the model knows. */
export const UNSURE = 0.45;
/** A neighbouring clause this sure lends its label to an unsure one ("The lamp is lovely but the shade wobbles"). */
export const SURE = 0.6;

/**
 * Below this probability a clause that no sure neighbour speaks for names nothing the model knows (nor does
 * the survey question, when the item carries one): `unknown`, not a guess from a stray word. On dev.jsonl
 * (the model trained without it) no item changes below 0.35; at UNSURE stage accuracy drops 0.006.
 */
export const NAMES_NOTHING = 0.3;

interface Guess {
  /** null: unknown. */
  label: string | null;
  probability: number;
  evidence: Evidence[];
  /** Sure enough on its own, or lent a sure neighbour's label. */
  supported?: boolean;
}

/** An unsure clause takes the label of the nearest sure clause before it, else after it, in the same item. */
function lendFromNeighbours(guesses: Guess[], kind: HeadName): void {
  const sure = guesses.map((g) => g.probability >= SURE);
  guesses.forEach((g, i) => {
    g.supported = g.probability >= UNSURE;
    if (g.supported) return;
    let j = i - 1;
    while (j >= 0 && !sure[j]) j--;
    if (j < 0) {
      j = i + 1;
      while (j < guesses.length && !sure[j]) j++;
    }
    const from = guesses[j];
    if (from === undefined) return;
    g.supported = true;
    if (from.label === g.label) return;
    const first = from.evidence[0]!;
    g.label = from.label;
    g.evidence = [{ ...first, kind, rule: `model.${kind}.${from.label}.context` }];
  });
}

/**
 * Clauses that name nothing the model knows and have no sure neighbour: the survey question's cell where
 * the question alone is sure of one, else unknown.
 */
function fallBack(guesses: Guess[], kind: HeadName, question: Guess | null): void {
  for (const g of guesses) {
    if (g.supported || g.probability >= NAMES_NOTHING) continue;
    if (question !== null && question.probability >= SURE) {
      g.label = question.label;
      g.evidence = question.evidence;
    } else {
      g.label = null;
      g.evidence = [{ kind, rule: `model.${kind}.unknown.names-nothing`, match: '', start: 0, end: 0 }];
    }
  }
}

function withQuestion(moved: boolean, kind: HeadName, label: string, evidence: Evidence[]): Evidence[] {
  return moved
    ? [{ kind, rule: `question.${kind}.${label}`, match: '', start: 0, end: 0 }, ...evidence]
    : evidence;
}

/** The survey question an answer replies to: its tokens and the taxonomy's hits in it. */
export interface QuestionClause {
  tokens: readonly Token[];
  hits: readonly RuleHit[];
}

/**
 * How much the survey question counts beside a clause's own words: its stage and touchpoint weights are
 * added to every clause's (a product of the two readings), so "It was fine" under "How was the delivery?"
 * is about delivery, while "the app crashed" under the same question stays the app's.
 */
export const QUESTION_WEIGHT = 0.7;

interface Asked {
  /** Added to every clause's weights. */
  weights: Float64Array;
  /** The question read alone: what a clause that names nothing answers about. */
  stage: Guess;
  touchpoint: Guess;
}

/** The question's stage and touchpoint weights (its words and the rules it hits; no sentiment, no bias). */
function questionWeights(model: ClauseModel, question: QuestionClause): Asked {
  const rows = clauseRows(
    model.compiled,
    question.tokens,
    0,
    question.tokens.length,
    question.hits,
    { label: 'neutral', score: 0 },
    CLAUSE,
  );
  const { bias, empty, ruleScore } = model.compiled;
  const ruleLabels = new Set(model.compiled.ruleLabel.values());
  const out = new Float64Array(model.width);
  for (let i = 0; i < rows.n; i++) {
    const row = rows.rows[i]!;
    if (row === bias || row === empty || row === ruleScore || ruleLabels.has(row)) continue;
    const at = row * model.width;
    for (let j = 0; j < model.width; j++)
      out[j]! += model.weights[at + j]! * rows.values[i]! * QUESTION_WEIGHT;
  }
  const { offset, labels } = model.heads.sentiment;
  out.fill(0, offset, offset + labels.length);
  const alone = predictAll(model, NO_ROWS, out);
  const guess = (kind: 'stage' | 'touchpoint'): Guess => ({
    label: alone[kind].label,
    probability: alone[kind].probability,
    evidence: [{ kind, rule: `question.${kind}.${alone[kind].label}`, match: '', start: 0, end: 0 }],
  });
  return { weights: out, stage: guess('stage'), touchpoint: guess('touchpoint') };
}

const NO_RULES: ReadonlySet<string> = new Set();
/** Reused buffers: tagging is synchronous, one clause at a time. */
const CLAUSE = new ClauseRows();
const EXPLANATION = newExplanation();
const CONTEXT = new ClauseRows();
const NO_ROWS = new ClauseRows();

/**
 * Below this probability a deferring rule (a preset's) decides a clause: the model's own "unsure". Chosen on
 * the presets' rules parts with a model trained without them (fixtures/labelled/presets.md): 0, 0.45, 0.6,
 * 0.8 and always were within 0.01 of each other; 0.45 matched the best of them on every preset.
 */
const DEFER_BELOW = UNSURE;

/**
 * A custom taxonomy's own rules (ids the default taxonomy does not have, or whose words changed) decide the
 * clauses they fire in, as they did before the model: the user wrote them on purpose. A deferring rule (an
 * industry preset's, `"defer": true`) decides only a clause the model is unsure of, and only when the label
 * it votes for wins the rules' vote there; elsewhere it counts through the model's rule-hit features.
 */
function ruleOverModel(
  drafts: readonly Draft[],
  ruled: readonly { stage: Stage | null; touchpoint: Touchpoint | null; evidence: Evidence[] }[],
  rules: RuleSets,
  stages: Guess[],
  touchpoints: Guess[],
): void {
  drafts.forEach((d, i) => {
    const r = ruled[i]!;
    const decides = (kind: HeadName, label: string | null, guess: Guess) =>
      label !== null &&
      d.ruleHits.some(
        (h) =>
          h.kind === kind &&
          (rules.own.has(h.id) ||
            (h.label === label && guess.probability < DEFER_BELOW && rules.deferred.has(h.id))),
      );
    if (decides('stage', r.stage, stages[i]!))
      stages[i] = { label: r.stage, probability: 1, evidence: r.evidence.filter((e) => e.kind === 'stage') };
    if (decides('touchpoint', r.touchpoint, touchpoints[i]!))
      touchpoints[i] = {
        label: r.touchpoint,
        probability: 1,
        evidence: r.evidence.filter((e) => e.kind === 'touchpoint'),
      };
  });
}

/** A taxonomy's rules that are not the default taxonomy's: those that decide, and those that defer. */
export interface RuleSets {
  own: ReadonlySet<string>;
  deferred: ReadonlySet<string>;
}

/** A rule score this clear (sentiment words, not a fallback) … */
export const RULE_CLEAR = 0.5;
/** … keeps its label against a model less sure than this. */
export const MODEL_SURE = 0.8;

export interface ModelledDraft {
  /** P(positive) and P(negative) of the clause's sentiment. */
  positive: number;
  negative: number;
}

/**
 * A taxonomy's priors (log-odds per stage and touchpoint, compile-taxonomy.ts) as a vector added to every
 * clause's weights (or, for the item heads' table, to the item's sums); null when it has none. Computed
 * once per tagger.
 */
export function priorWeights(
  model: Pick<WeightTable<'stage' | 'touchpoint'>, 'width' | 'heads'>,
  priors: { stage: Partial<Record<string, number>>; touchpoint: Partial<Record<string, number>> },
): Float64Array | null {
  const out = new Float64Array(model.width);
  let any = false;
  for (const kind of ['stage', 'touchpoint'] as const) {
    const head = model.heads[kind];
    for (const [label, value] of Object.entries(priors[kind])) {
      const at = head.labels.indexOf(label);
      if (at < 0 || value === undefined || value === 0) continue;
      out[head.offset + at] = value;
      any = true;
    }
  }
  return any ? out : null;
}

/** Re-tags every draft in place; returns each draft's sentiment probabilities (parallel to `drafts`). */
export function applyClauseModel(
  model: ClauseModel,
  text: string,
  tokens: readonly Token[],
  drafts: Draft[],
  ownRules: ReadonlySet<string> = NO_RULES,
  question: QuestionClause | null = null,
  deferredRules: ReadonlySet<string> = NO_RULES,
  item: { heads: WeightTable<ItemHeadName>; reader: ItemReader } | null = null,
  priors: Float64Array | null = null,
): ModelledDraft[] {
  const asked = question === null || question.tokens.length === 0 ? null : questionWeights(model, question);
  const ruled = drafts.map((d) => ({ stage: d.stage, touchpoint: d.touchpoint, evidence: d.evidence }));
  // The rest of the item is the same context for every clause: its weights are summed once per item, and
  // the taxonomy's priors join them.
  const itemOnly = sumRows(model, contextRows(model.compiled, tokens, CONTEXT));
  if (priors !== null) for (let j = 0; j < itemOnly.length; j++) itemOnly[j]! += priors[j]!;
  // With a question, the clauses read the item and the question; the item alone is kept for evidence.
  const context = asked === null ? itemOnly : Float64Array.from(itemOnly, (x, j) => x + asked.weights[j]!);
  const rows = CLAUSE;
  const out: ModelledDraft[] = [];
  const sentimentLabels = model.heads.sentiment.labels;
  const pos = sentimentLabels.indexOf('positive');
  const neg = sentimentLabels.indexOf('negative');
  const stages: Guess[] = [];
  const touchpoints: Guess[] = [];
  for (const d of drafts) {
    clauseRows(model.compiled, tokens, d.from, d.to, d.ruleHits, { label: d.label, score: d.score }, rows);
    // The item heads read the same rows (one index serves both tables).
    item?.reader.addClause(item.heads, rows);
    // Where the question moved a clause's stage or touchpoint, the question is the first evidence.
    const alone = asked === null ? null : predictAll(model, rows, itemOnly);
    const aloneStage = alone?.stage.label;
    const aloneTouchpoint = alone?.touchpoint.label;
    const { stage, touchpoint, sentiment, probabilities } = predictAll(model, rows, context);
    const at = model.heads.sentiment.offset;
    const p = pos < 0 ? 0 : probabilities[at + pos]!;
    const n = neg < 0 ? 0 : probabilities[at + neg]!;
    out.push({ positive: p, negative: n });
    const ruleSentimentEvidence = d.evidence.filter((e) => e.kind === 'sentiment');
    stages.push({
      label: stage.label,
      probability: stage.probability,
      evidence: withQuestion(
        asked !== null && aloneStage !== stage.label,
        'stage',
        stage.label,
        modelEvidence(text, model, model.heads.stage, 'stage', rows, stage.label),
      ),
    });
    touchpoints.push({
      label: touchpoint.label,
      probability: touchpoint.probability,
      evidence: withQuestion(
        asked !== null && aloneTouchpoint !== touchpoint.label,
        'touchpoint',
        touchpoint.label,
        modelEvidence(text, model, model.heads.touchpoint, 'touchpoint', rows, touchpoint.label),
      ),
    });
    if (asked === null && !d.silent && namesNothing(tokens, d.from, d.to, d.ruleHits)) {
      // "Great!", "Took ages.": judged, but about nothing the words name (names-nothing.ts). With a survey
      // question the clause was read with it, and the question's cell is the codebook's answer.
      stages[stages.length - 1]!.probability = 0;
      touchpoints[touchpoints.length - 1]!.probability = 0;
    }
    if (d.silent) {
      // A greeting or sign-off ("Thanks, Maria") judges nothing and names nothing: neutral, and its
      // stage and touchpoint come from the clauses around it.
      stages[stages.length - 1]!.probability = 0;
      touchpoints[touchpoints.length - 1]!.probability = 0;
      out[out.length - 1] = { positive: 0, negative: 0 };
      continue;
    }
    // Clear sentiment words the rules read ("easy", "useless") outvote an unsure model, which with little
    // data learns topics as sentiment ("log in" reads negative because most log-in clauses complain).
    const ruleLabel = d.label;
    if (
      Math.abs(d.score) >= RULE_CLEAR &&
      ruleLabel !== sentiment.label &&
      sentiment.probability < MODEL_SURE
    ) {
      out[out.length - 1] =
        ruleLabel === 'positive' ? { positive: 1, negative: 0 } : { positive: 0, negative: 1 };
      continue;
    }
    d.label = sentiment.label as ClauseSentiment;
    d.score = Math.round((p - n) * 10_000) / 10_000;
    d.evidence = [
      ...modelEvidence(text, model, model.heads.sentiment, 'sentiment', rows, sentiment.label),
      ...ruleSentimentEvidence,
    ];
  }
  lendFromNeighbours(stages, 'stage');
  lendFromNeighbours(touchpoints, 'touchpoint');
  fallBack(stages, 'stage', asked?.stage ?? null);
  fallBack(touchpoints, 'touchpoint', asked?.touchpoint ?? null);
  if (ownRules.size > 0 || deferredRules.size > 0)
    ruleOverModel(drafts, ruled, { own: ownRules, deferred: deferredRules }, stages, touchpoints);
  drafts.forEach((d, i) => {
    d.stage = stages[i]!.label as Stage | null;
    d.touchpoint = touchpoints[i]!.label as Touchpoint | null;
    d.evidence = [...stages[i]!.evidence, ...touchpoints[i]!.evidence, ...d.evidence];
  });
  return out;
}
