// tagItem: clauses → per-mention sentiment, stage, touchpoint and evidence → item sentiment and primary tags.
import type { ItemSentiment, Stage, Touchpoint } from '../domain.js';
import { UNKNOWN } from '../domain.js';
import { classifyClause } from './classify-clause.js';
import { type Draft, draftMentions, labelOf, round } from './draft-mentions.js';
import { fillMissingTags, fillNamelessFromSource } from './fill-tags.js';
import { itemSentiment, modelItemSentiment } from './item-sentiment.js';
import { packFor } from './language/packs.js';
import { tagWithPack } from './language/tag-with-pack.js';
import { applyClauseModel, type QuestionClause } from './model/apply-model.js';
import type { ClauseModel, ItemHeadName, WeightTable } from './model/clause-model.js';
import { chooseItemLabel, ItemReader, type ItemReading, itemRule } from './model/item-heads.js';
import { priorWeights } from './model/priors.js';
import { ratingPolarity } from './sentiment/fuse-rating.js';
import type { PolarityModel } from './sentiment/polarity-model.js';
import { CLEAR_PART_POLARITY, CLEAR_POLARITY, NEUTRAL_BAND } from './sentiment/thresholds.js';
import type { CompiledTaxonomy } from './taxonomy/compile-taxonomy.js';
import { tokenize } from './text/tokenize.js';
import type { Evidence, Mention, TagInput, TagResult } from './types.js';
import { taggerVersionWith } from './version.js';

export { CLEAR_PART_POLARITY, CLEAR_POLARITY, NEUTRAL_BAND };

/** The primary mention of a kind: the strongest negative mention that names one, else the strongest that does. */
function primaryDraft(drafts: readonly Draft[], kind: 'stage' | 'touchpoint'): Draft | undefined {
  let best: Draft | undefined;
  for (const d of drafts) {
    if (d[kind] === null) continue;
    if (best === undefined) best = d;
    else if (d.label === 'negative' && (best.label !== 'negative' || d.score < best.score)) best = d;
    else if (best.label !== 'negative' && Math.abs(d.score) > Math.abs(best.score)) best = d;
  }
  return best;
}

/**
 * The item's own stage or touchpoint: the primary mention's, or with the clause model's item heads, theirs
 * among the item's mentions (item-heads.ts).
 */
function itemLabel<K extends 'stage' | 'touchpoint'>(
  kind: K,
  drafts: readonly Draft[],
  read: ItemRead | null,
): NonNullable<Draft[K]> | typeof UNKNOWN {
  const primary = primaryDraft(drafts, kind);
  const label =
    read === null
      ? (primary?.[kind] ?? null)
      : chooseItemLabel(
          read.item,
          read.reading,
          read.text,
          kind,
          drafts,
          primary,
          (d) =>
            // A custom taxonomy's own rule, or the survey question, decided it: the item heads read neither.
            d.ruleHits.some((h) => h.kind === kind && read.ownRules.has(h.id)) ||
            d.evidence.some((e) => e.kind === kind && e.rule.startsWith('question.')),
        );
  return (label ?? UNKNOWN) as NonNullable<Draft[K]> | typeof UNKNOWN;
}

interface ItemRead {
  item: WeightTable<ItemHeadName>;
  reading: ItemReading;
  text: string;
  ownRules: ReadonlySet<string>;
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

/** Languages the English rules read; es, de and fr have packs (language/packs.ts); any other gets `unknown` cells. */
const READ_LANGUAGES = new Set(['en']);

/** Whether `language` (ISO 639-1, as ingest stores it) is one the tagger can read; none stated is read. */
export function readsLanguage(language: string | null | undefined): boolean {
  if (language === null || language === undefined || language === '' || language === 'und') return true;
  return READ_LANGUAGES.has(language.toLowerCase().slice(0, 2)) || packFor(language) !== null;
}

/**
 * An item in a language the tagger cannot read: one mention over the whole text in the `unknown` cell,
 * sentiment from the rating alone (neutral without one). Never English rules on it.
 */
function unreadItem(
  text: string,
  input: TagInput,
  taxonomyVersion: string,
  taggerVersion: string,
): TagResult {
  const polarity = input.rating ? ratingPolarity(input.rating) : null;
  const score = polarity === null ? 0 : round(polarity);
  const label: ItemSentiment = labelOf(score);
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  const evidence: Evidence[] = [
    { kind: 'stage', rule: `language.${input.language}.not-read`, match: '', start: 0, end: 0 },
    { kind: 'touchpoint', rule: `language.${input.language}.not-read`, match: '', start: 0, end: 0 },
  ];
  if (polarity !== null) evidence.push({ kind: 'sentiment', rule: 'rating', match: '', start: 0, end: 0 });
  return {
    sentiment: { label, score, ratingUsed: polarity !== null },
    stage: UNKNOWN,
    touchpoint: UNKNOWN,
    mentions:
      end > start
        ? [
            {
              start,
              end,
              text: text.slice(start, end),
              stage: UNKNOWN,
              touchpoint: UNKNOWN,
              sentiment: { label: labelOf(score), score },
              evidence,
            },
          ]
        : [],
    taxonomyVersion,
    taggerVersion,
  };
}

/** The survey question as a clause for the model: its tokens and the taxonomy's hits in it. */
function questionClause(
  taxonomy: CompiledTaxonomy,
  question: string | null | undefined,
): QuestionClause | null {
  if (question === undefined || question === null || question.trim() === '') return null;
  const tokens = tokenize(question);
  return { tokens, hits: classifyClause(taxonomy, question, tokens, 'neutral').hits };
}

/** Reused: tagging is synchronous, one item at a time. */
const ITEM_READER = new ItemReader();

/** Builds a pure tagItem bound to one compiled taxonomy and, optionally, a trained polarity layer. */
export function createTagItem(
  taxonomy: CompiledTaxonomy,
  model: PolarityModel | null = null,
  clauseModel: ClauseModel | null = null,
  ownRules: ReadonlySet<string> = new Set(),
  deferredRules: ReadonlySet<string> = new Set(),
): (input: TagInput) => TagResult {
  const taggerVersion = taggerVersionWith(clauseModel);
  // A preset's priors move the clause heads and the item heads alike.
  const priors = clauseModel === null ? null : priorWeights(clauseModel, taxonomy.priors);
  const itemPriors = clauseModel?.item ? priorWeights(clauseModel.item, taxonomy.priors) : null;
  return (input) => {
    const text = input.text;
    const pack = packFor(input.language);
    if (pack !== null) return tagWithPack(pack, taxonomy, input, taggerVersion);
    if (!readsLanguage(input.language)) return unreadItem(text, input, taxonomy.version, taggerVersion);
    const tokens = tokenize(text);
    const drafts = draftMentions(taxonomy, text, tokens);
    let sentiment: TagResult['sentiment'];
    let read: ItemRead | null = null;
    if (clauseModel === null) {
      fillMissingTags(taxonomy, drafts, input.channel, input.source);
      sentiment = itemSentiment(drafts, tokens, input, model);
    } else {
      // The rules' item score first (it reads the rules' clause scores), then the model re-tags the clauses.
      const ruled = itemSentiment(drafts, tokens, input, model);
      // The item heads read each clause's rows as the clause model tags it, and the rules' worst clause,
      // taken before the model re-scores the clauses.
      const itemHeads = clauseModel.item;
      const rule = itemRule(drafts);
      if (itemHeads !== null) ITEM_READER.start(itemHeads);
      const probabilities = applyClauseModel(
        clauseModel,
        text,
        tokens,
        drafts,
        ownRules,
        questionClause(taxonomy, input.question),
        deferredRules,
        itemHeads === null ? null : { heads: itemHeads, reader: ITEM_READER },
        priors,
      );
      fillNamelessFromSource(taxonomy, drafts, input.source);
      if (itemHeads !== null)
        read = { item: itemHeads, reading: ITEM_READER.finish(itemHeads, rule, itemPriors), text, ownRules };
      sentiment = modelItemSentiment(drafts, probabilities, ruled, input, read?.reading ?? null);
    }
    // The item's cell first: the item heads may move the primary mention's label.
    const stage: Stage | typeof UNKNOWN = itemLabel('stage', drafts, read);
    const touchpoint: Touchpoint | typeof UNKNOWN = itemLabel('touchpoint', drafts, read);
    return {
      sentiment,
      stage,
      touchpoint,
      mentions: drafts.map((d) => toMention(text, d)),
      taxonomyVersion: taxonomy.version,
      taggerVersion,
    };
  };
}
