// tagItem: clauses → per-mention sentiment, stage, touchpoint and evidence → item sentiment and primary tags.
import type { ClauseSentiment, ItemSentiment, Stage, Touchpoint } from '../domain.js';
import { UNKNOWN } from '../domain.js';
import { classifyClause } from './classify-clause.js';
import { type DraftMention, fillMissingTags } from './fill-tags.js';
import { applyClauseContext, isExclamation, opensWithContrast } from './sentiment/clause-context.js';
import { fuseRating, ratingPolarity } from './sentiment/fuse-rating.js';
import { featureBuckets, type PolarityModel, predictPositive } from './sentiment/polarity-model.js';
import { type ClausePosition, normalizeScore, scoreClause } from './sentiment/score-clause.js';
import type { CompiledTaxonomy } from './taxonomy/compile-taxonomy.js';
import { type Clause, segmentClauses } from './text/segment.js';
import { type Token, tokenize } from './text/tokenize.js';
import type { Mention, TagInput, TagResult } from './types.js';
import { TAGGER_VERSION } from './version.js';

/** |score| below this is neutral, for clauses and items alike. */
export const NEUTRAL_BAND = 0.05;
/** A clause at least this polar counts as clear praise or clear complaint when judging `mixed`. */
export const CLEAR_POLARITY = 0.25;
/** A comma-separated part of a clause must be this polar to count ("nice design, useless search"). */
export const CLEAR_PART_POLARITY = 0.35;
/** How much the trained layer moves the item score: score + MODEL_BLEND * (2·P(positive) − 1). */
export const MODEL_BLEND = 0.3;
/** Below this distance of P(positive) from 0.5 the model is unsure and leaves the score alone. */
export const MODEL_CONFIDENCE = 0.2;
/**
 * Where the rules found no sentiment word the model alone decides, so it must be surer: it was trained on
 * polar text only and calls plain statements ("I bought it for my son") polar at lower confidence.
 */
export const MODEL_CONFIDENCE_ALONE = 0.3;

interface Draft extends DraftMention {
  start: number;
  end: number;
  score: number;
  label: ClauseSentiment;
  raw: number;
  /** Normalised scores of the clause's most negative and most positive comma-part. */
  low: number;
  high: number;
  weight: number;
  hits: number;
  /** Token range of the clause, and whether its words are no evidence (a greeting, a sign-off). */
  from: number;
  to: number;
  silent: boolean;
}

function labelOf(score: number): ClauseSentiment {
  return score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral';
}

function hasCapsDifferential(tokens: readonly Token[]): boolean {
  let words = 0;
  let caps = 0;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    words++;
    if (t.caps) caps++;
  }
  return caps > 0 && caps < words;
}

function hasQuestionMark(tokens: readonly Token[]): boolean {
  for (const t of tokens) if (t.kind === 'punct' && t.text.includes('?')) return true;
  return false;
}

/** "nothing but", "anything but", "all but" are not contrasts, nor is the concession of "even though". */
const NOT_CONTRAST_AFTER = new Set(['nothing', 'anything', 'all', 'even']);

/** Index of the last clause before any trailing name-only clauses ("Regards, D." + "Patel"). */
function signOffStart(tokens: readonly Token[], clauses: readonly Clause[]): number {
  let last = clauses.length - 1;
  while (last > 0 && isNameOnly(tokens, clauses[last]!)) last--;
  return last;
}

function isNameOnly(tokens: readonly Token[], clause: Clause): boolean {
  let words = 0;
  for (let i = clause.from; i < clause.to; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word') continue;
    if (++words > 2 || !/^[A-Z]/.test(t.text)) return false;
  }
  return words > 0;
}

/** Scores every clause, lets neighbours correct each other (clause-context.ts), then tags each clause. */
function draftMentions(taxonomy: CompiledTaxonomy, text: string, tokens: readonly Token[]): Draft[] {
  const capsDiff = hasCapsDifferential(tokens);
  let clauses = segmentClauses(tokens);
  if (clauses.length === 0 && tokens.length > 0)
    clauses = [{ from: 0, to: tokens.length, weight: 1, sentence: 0 }];
  const signOffFrom = signOffStart(tokens, clauses);
  const scored = clauses.map((c, i) => {
    const slice = tokens.slice(c.from, c.to);
    const position: ClausePosition =
      clauses.length === 1 ? 'alone' : i === 0 ? 'first' : i >= signOffFrom ? 'last' : 'middle';
    const s = scoreClause(text, slice, capsDiff, position);
    return {
      slice,
      from: c.from,
      to: c.to,
      silent: s.silent,
      weight: c.weight,
      raw: s.raw,
      hits: s.hits,
      fallback: s.fallback,
      score: normalizeScore(s.raw),
      low: normalizeScore(s.lowest),
      high: normalizeScore(s.highest),
      evidence: s.evidence,
      contrast: opensWithContrast(slice) && !NOT_CONTRAST_AFTER.has(tokens[c.from - 1]?.lower ?? ''),
      exclamation: isExclamation(slice),
      question: hasQuestionMark(slice),
      first: slice.find((t) => t.kind === 'word'),
    };
  });
  applyClauseContext(scored, text, normalizeScore, CLEAR_POLARITY, CLEAR_PART_POLARITY);
  return scored.map((c) => {
    const score = round(c.score);
    const label = labelOf(score);
    const tags = classifyClause(taxonomy, text, c.slice, label);
    return {
      start: c.slice[0]!.start,
      end: c.slice[c.slice.length - 1]!.end,
      score,
      label,
      raw: c.raw,
      low: c.low,
      high: c.high,
      weight: c.weight,
      hits: c.hits,
      from: c.from,
      to: c.to,
      silent: c.silent,
      stage: tags.stage,
      touchpoint: tags.touchpoint,
      evidence: [...tags.evidence, ...c.evidence],
    };
  });
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * The rule score moved by a confident trained layer: the rules keep intensity, the model adds polarity
 * evidence, which decides the label where the rules found no sentiment word.
 */
function blendModel(
  model: PolarityModel,
  tokens: readonly Token[],
  ruleScore: number,
  confidence: number,
): number {
  const margin = predictPositive(model, featureBuckets(tokens, model.buckets), ruleScore) - 0.5;
  if (Math.abs(margin) < confidence) return ruleScore;
  return Math.max(-1, Math.min(1, ruleScore + MODEL_BLEND * 2 * margin));
}

/** The tokens of the clauses that say something: a ticket's "Hi," and "Thanks, Maria" are not evidence. */
function spokenTokens(drafts: readonly Draft[], tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const d of drafts) if (!d.silent) for (let i = d.from; i < d.to; i++) out.push(tokens[i]!);
  return out;
}

function itemSentiment(
  drafts: readonly Draft[],
  tokens: readonly Token[],
  input: TagInput,
  model: PolarityModel | null,
): TagResult['sentiment'] {
  let raw = 0;
  let hits = 0;
  for (const d of drafts) {
    raw += d.raw * d.weight;
    hits += d.hits;
  }
  let score = normalizeScore(raw);
  if (model !== null && drafts.length > 0) {
    const evidence = drafts.some((d) => d.silent) ? spokenTokens(drafts, tokens) : tokens;
    score = blendModel(model, evidence, score, hits === 0 ? MODEL_CONFIDENCE_ALONE : MODEL_CONFIDENCE);
    if (Math.abs(score) >= NEUTRAL_BAND) hits++;
  }
  const polarity = input.rating ? ratingPolarity(input.rating) : null;
  if (polarity !== null) score = fuseRating(score, hits > 0, polarity);
  const clearPraise = drafts.some((d) => d.score >= CLEAR_POLARITY || d.high >= CLEAR_PART_POLARITY);
  const clearComplaint = drafts.some((d) => d.score <= -CLEAR_POLARITY || d.low <= -CLEAR_PART_POLARITY);
  const label: ItemSentiment = clearPraise && clearComplaint ? 'mixed' : labelOf(score);
  return { label, score: round(score), ratingUsed: polarity !== null };
}

/** Primary tag: from the strongest negative mention that names one, else the strongest mention that does. */
function primaryOf<T>(drafts: readonly Draft[], pick: (d: Draft) => T | null): T | typeof UNKNOWN {
  let best: Draft | undefined;
  for (const d of drafts) {
    if (pick(d) === null) continue;
    if (best === undefined) best = d;
    else if (d.label === 'negative' && (best.label !== 'negative' || d.score < best.score)) best = d;
    else if (best.label !== 'negative' && Math.abs(d.score) > Math.abs(best.score)) best = d;
  }
  return best === undefined ? UNKNOWN : (pick(best) ?? UNKNOWN);
}

function toMention(text: string, d: Draft): Mention {
  return {
    start: d.start,
    end: d.end,
    text: text.slice(d.start, d.end),
    stage: d.stage ?? UNKNOWN,
    touchpoint: d.touchpoint ?? UNKNOWN,
    sentiment: { label: d.label, score: d.score },
    evidence: d.evidence,
  };
}

/** Builds a pure tagItem bound to one compiled taxonomy and, optionally, a trained polarity layer. */
export function createTagItem(
  taxonomy: CompiledTaxonomy,
  model: PolarityModel | null = null,
): (input: TagInput) => TagResult {
  return (input) => {
    const text = input.text;
    const tokens = tokenize(text);
    const drafts = draftMentions(taxonomy, text, tokens);
    fillMissingTags(taxonomy, drafts, input.channel, input.source);
    return {
      sentiment: itemSentiment(drafts, tokens, input, model),
      stage: primaryOf<Stage>(drafts, (d) => d.stage),
      touchpoint: primaryOf<Touchpoint>(drafts, (d) => d.touchpoint),
      mentions: drafts.map((d) => toMention(text, d)),
      taxonomyVersion: taxonomy.version,
      taggerVersion: TAGGER_VERSION,
    };
  };
}
