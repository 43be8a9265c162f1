// Applies the learned clause model to an item's draft mentions: stage, touchpoint and clause sentiment
// come from the model, whose features include the taxonomy's rule hits, so the rules still count (a custom
// taxonomy's rules through the labels they vote for). Evidence names the features that carried each tag.
import type { ClauseSentiment, Stage, Touchpoint } from '../../domain.js';
import type { Draft } from '../draft-mentions.js';
import type { Token } from '../text/tokenize.js';
import type { Evidence } from '../types.js';
import {
  type ClauseModel,
  type HeadName,
  type ItemHeadName,
  predictAll,
  sumRows,
  type WeightTable,
} from './clause-model.js';
import { ClauseRows, clauseRows, contextRows, TokenIds } from './compiled-features.js';
import type { RuleHit } from './features.js';
import type { ItemReader } from './item-heads.js';
import { modelEvidence } from './model-evidence.js';
import { namesNothing } from './names-nothing.js';
import { fallBack, type Guess, lendFromNeighbours, UNSURE } from './neighbour-cells.js';

export { NAMES_NOTHING, SURE, UNSURE } from './neighbour-cells.js';

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
    QUESTION_IDS.read(model.compiled, question.tokens),
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
const CONTEXT = new ClauseRows();
const NO_ROWS = new ClauseRows();
const IDS = new TokenIds();
const QUESTION_IDS = new TokenIds();

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
  const { ids, itemOnly, context } = contextWeights(model, tokens, asked, priors);
  const rows = CLAUSE;
  const out: ModelledDraft[] = [];
  const stages: Guess[] = [];
  const touchpoints: Guess[] = [];
  for (const d of drafts) {
    clauseRows(model.compiled, tokens, ids, d.from, d.to, d.ruleHits, d, rows);
    // The item heads read the same rows (one index serves both tables).
    item?.reader.addClause(item.heads, rows);
    // Where the question moved a clause's stage or touchpoint, the question is the first evidence.
    const alone = asked === null ? null : predictAll(model, rows, itemOnly);
    const { stage, touchpoint, sentiment, probabilities } = predictAll(model, rows, context);
    const modelled = sentimentProbabilities(model, probabilities);
    out.push(modelled);
    const guess = (kind: 'stage' | 'touchpoint', moved: boolean): Guess => {
      const { label, probability } = kind === 'stage' ? stage : touchpoint;
      const evidence = modelEvidence(text, model, model.heads[kind], kind, rows, label);
      return { label, probability, evidence: withQuestion(moved, kind, label, evidence) };
    };
    stages.push(guess('stage', asked !== null && alone?.stage.label !== stage.label));
    touchpoints.push(guess('touchpoint', asked !== null && alone?.touchpoint.label !== touchpoint.label));
    // "Great!", "Took ages.": judged, but about nothing the words name (names-nothing.ts). With a survey
    // question the clause was read with it, and the question's cell is the codebook's answer. A greeting
    // or sign-off ("Thanks, Maria") names nothing either (its cell comes from the clauses around it) and
    // judges nothing: neutral.
    if (d.silent || (asked === null && namesNothing(tokens, d.from, d.to, d.ruleHits))) {
      stages[stages.length - 1]!.probability = 0;
      touchpoints[touchpoints.length - 1]!.probability = 0;
    }
    if (d.silent) {
      out[out.length - 1] = { positive: 0, negative: 0 };
      continue;
    }
    out[out.length - 1] = settleSentiment(text, model, rows, d, sentiment, modelled);
  }
  settleCells(drafts, ruled, stages, touchpoints, asked, { own: ownRules, deferred: deferredRules });
  return out;
}

/**
 * The rest of the item is the same context for every clause: its weights are summed once per item, and the
 * taxonomy's priors join them. With a question, the clauses read the item and the question; the item alone
 * is kept for evidence. The tokens' ids, read once here, serve the clauses too.
 */
function contextWeights(
  model: ClauseModel,
  tokens: readonly Token[],
  asked: Asked | null,
  priors: Float64Array | null,
): { ids: TokenIds; itemOnly: Float64Array; context: Float64Array } {
  const ids = IDS.read(model.compiled, tokens);
  const itemOnly = sumRows(model, contextRows(model.compiled, ids, CONTEXT));
  if (priors !== null) for (let j = 0; j < itemOnly.length; j++) itemOnly[j]! += priors[j]!;
  const context = asked === null ? itemOnly : Float64Array.from(itemOnly, (x, j) => x + asked.weights[j]!);
  return { ids, itemOnly, context };
}

/** P(positive) and P(negative) among the model's sentiment probabilities. */
function sentimentProbabilities(model: ClauseModel, probabilities: ArrayLike<number>): ModelledDraft {
  const { labels, offset } = model.heads.sentiment;
  const pos = labels.indexOf('positive');
  const neg = labels.indexOf('negative');
  return {
    positive: pos < 0 ? 0 : probabilities[offset + pos]!,
    negative: neg < 0 ? 0 : probabilities[offset + neg]!,
  };
}

/**
 * Unsure clauses borrow from sure neighbours, else fall back to the question's cell or unknown; the
 * taxonomy's own and deferred rules then have their say, and each draft takes its cell.
 */
function settleCells(
  drafts: Draft[],
  ruled: Parameters<typeof ruleOverModel>[1],
  stages: Guess[],
  touchpoints: Guess[],
  asked: Asked | null,
  rules: RuleSets,
): void {
  lendFromNeighbours(stages, 'stage');
  lendFromNeighbours(touchpoints, 'touchpoint');
  fallBack(stages, 'stage', asked?.stage ?? null);
  fallBack(touchpoints, 'touchpoint', asked?.touchpoint ?? null);
  if (rules.own.size > 0 || rules.deferred.size > 0) ruleOverModel(drafts, ruled, rules, stages, touchpoints);
  setCells(drafts, stages, touchpoints);
}

/**
 * The clause's sentiment: the rules' where their clear words ("easy", "useless") outvote an unsure model
 * (then P is theirs), else the model's label, score and evidence. The rules win there because with little
 * data the model learns topics as sentiment ("log in" reads negative because most log-in clauses
 * complain). Returns the clause's P(positive) and P(negative).
 */
function settleSentiment(
  text: string,
  model: ClauseModel,
  rows: ClauseRows,
  d: Draft,
  sentiment: { label: string; probability: number },
  modelled: ModelledDraft,
): ModelledDraft {
  if (ruleOutvotesModel(d, sentiment))
    return d.label === 'positive' ? { positive: 1, negative: 0 } : { positive: 0, negative: 1 };
  d.label = sentiment.label as ClauseSentiment;
  d.score = Math.round((modelled.positive - modelled.negative) * 10_000) / 10_000;
  d.evidence = [
    ...modelEvidence(text, model, model.heads.sentiment, 'sentiment', rows, sentiment.label),
    ...d.evidence.filter((e) => e.kind === 'sentiment'),
  ];
  return modelled;
}

function ruleOutvotesModel(d: Draft, sentiment: { label: string; probability: number }): boolean {
  return Math.abs(d.score) >= RULE_CLEAR && d.label !== sentiment.label && sentiment.probability < MODEL_SURE;
}

/** Each draft takes its settled stage and touchpoint, their evidence first. */
function setCells(drafts: Draft[], stages: readonly Guess[], touchpoints: readonly Guess[]): void {
  drafts.forEach((d, i) => {
    d.stage = stages[i]!.label as Stage | null;
    d.touchpoint = touchpoints[i]!.label as Touchpoint | null;
    d.evidence = [...stages[i]!.evidence, ...touchpoints[i]!.evidence, ...d.evidence];
  });
}
