// tagItem: clauses → per-mention sentiment, stage, touchpoint and evidence → item sentiment and primary tags.
import type { ItemSentiment, Stage, Touchpoint } from '../domain.js';
import { UNKNOWN } from '../domain.js';
import {
  CLEAR_PART_POLARITY,
  CLEAR_POLARITY,
  type Draft,
  draftMentions,
  labelOf,
  NEUTRAL_BAND,
  round,
} from './draft-mentions.js';
import { fillMissingTags } from './fill-tags.js';
import { fuseRating, ratingPolarity } from './sentiment/fuse-rating.js';
import { featureBuckets, type PolarityModel, predictPositive } from './sentiment/polarity-model.js';
import { normalizeScore } from './sentiment/score-clause.js';
import type { CompiledTaxonomy } from './taxonomy/compile-taxonomy.js';
import { type Token, tokenize } from './text/tokenize.js';
import type { Mention, TagInput, TagResult } from './types.js';
import { TAGGER_VERSION } from './version.js';

export { CLEAR_PART_POLARITY, CLEAR_POLARITY, NEUTRAL_BAND };

/** A rating at least this polar (1 or 5 stars, NPS 0-4 or 9-10) decides between praise and complaint. */
export const DECISIVE_RATING = 0.7;
/** How much the trained layer moves the item score: score + MODEL_BLEND * (2·P(positive) − 1). */
export const MODEL_BLEND = 0.3;
/** Where the rules found sentiment words they already carry the intensity: the model moves the score less. */
export const MODEL_BLEND_WITH_WORDS = 0.2;
/** Below this distance of P(positive) from 0.5 the model is unsure and leaves the score alone. */
export const MODEL_CONFIDENCE = 0.2;
/**
 * Where the rules found no sentiment word the model alone decides, so it must be surer: it was trained on
 * polar text only and calls plain statements ("I bought it for my son") polar at lower confidence.
 */
export const MODEL_CONFIDENCE_ALONE = 0.3;

/**
 * The rule score moved by a confident trained layer: the rules keep intensity, the model adds polarity
 * evidence, which decides the label where the rules found no sentiment word.
 */
function blendModel(
  model: PolarityModel,
  tokens: readonly Token[],
  ruleScore: number,
  rulesFoundWords: boolean,
): number {
  const margin = predictPositive(model, featureBuckets(tokens, model.buckets), ruleScore) - 0.5;
  if (Math.abs(margin) < (rulesFoundWords ? MODEL_CONFIDENCE : MODEL_CONFIDENCE_ALONE)) return ruleScore;
  const blend = rulesFoundWords ? MODEL_BLEND_WITH_WORDS : MODEL_BLEND;
  return Math.max(-1, Math.min(1, ruleScore + blend * 2 * margin));
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
    score = blendModel(model, evidence, score, hits > 0);
    if (Math.abs(score) >= NEUTRAL_BAND) hits++;
  }
  const polarity = input.rating ? ratingPolarity(input.rating) : null;
  if (polarity !== null) score = fuseRating(score, hits > 0, polarity);
  const clearPraise = drafts.some((d) => d.score >= CLEAR_POLARITY || d.high >= CLEAR_PART_POLARITY);
  const clearComplaint = drafts.some((d) => d.score <= -CLEAR_POLARITY || d.low <= -CLEAR_PART_POLARITY);
  // A one- or five-star (or NPS 0-4, 9-10) rating says which side won: such an item is not mixed.
  const decisive = polarity !== null && Math.abs(polarity) >= DECISIVE_RATING;
  const label: ItemSentiment = clearPraise && clearComplaint && !decisive ? 'mixed' : labelOf(score);
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
