// The tagging engine's public surface. Pure: the default taxonomy is read once, at import.
import { createRequire } from 'node:module';
import { type ClauseModel, type ClauseModelJson, readClauseModel } from './model/clause-model.js';
import { type PolarityModelJson, readPolarityModel } from './sentiment/polarity-model.js';
import { createTagItem } from './tag-item.js';
import { compileTaxonomy } from './taxonomy/compile-taxonomy.js';
import { defaultTaxonomy } from './taxonomy/presets.js';
import type { Taxonomy } from './taxonomy/schema.js';
import type { TagInput, TagResult } from './types.js';
import { taggerVersionWith } from './version.js';

export {
  loadTaxonomy,
  parseTaxonomy,
  resolveTaxonomy,
  TaxonomyError,
} from './taxonomy/load-taxonomy.js';
export { PRESET_NAMES, type PresetName } from './taxonomy/preset-names.js';
export type { Taxonomy } from './taxonomy/schema.js';
export type { Evidence, Mention, TagInput, TagResult } from './types.js';
export { TAGGER_VERSION } from './version.js';

import { PACK_LANGUAGES } from './language/packs.js';

/** Languages the tagger reads (ISO 639-1): English with its rules and model, the rest with a language pack. */
export const READ_LANGUAGES: readonly string[] = ['en', ...PACK_LANGUAGES];

const require = createRequire(import.meta.url);
/** The trained positive-vs-negative layer (scripts/train-sentiment.ts). */
const polarityModel = readPolarityModel(require('./sentiment/polarity-model.json') as PolarityModelJson);

export { defaultTaxonomy };
export const TAXONOMY_VERSION: string = defaultTaxonomy.version;

/** The learned clause model (scripts/train-clause-model.ts), or none when no model file ships. */
export const shippedClauseModel: ClauseModel | null = loadShippedClauseModel();

/**
 * Whether taggers use the clause model unless told otherwise: on by default; `PAINMAP_CLAUSE_MODEL=off`
 * tags with the rules alone (tagger 0.4.0's cells, for comparison or to keep an old series unchanged).
 */
export const CLAUSE_MODEL_BY_DEFAULT = process.env.PAINMAP_CLAUSE_MODEL !== 'off';

/** The version every result of a default tagger carries: the model's version joins when it is on. */
export const ACTIVE_TAGGER_VERSION: string = taggerVersionWith(
  CLAUSE_MODEL_BY_DEFAULT ? shippedClauseModel : null,
);

function loadShippedClauseModel(): ClauseModel | null {
  try {
    return readClauseModel(require('./model/clause-model.json') as ClauseModelJson);
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
}

export interface TaggerOptions {
  /** A clause model other than the shipped one (evaluation of a candidate), or null for rules only. */
  clauseModel?: ClauseModel | null;
}

/** `stage.<label>.<id>` → the rule as written, for every rule of a taxonomy. */
function ruleWords(taxonomy: Taxonomy): Map<string, { words: string; defer: boolean | undefined }> {
  const out = new Map<string, { words: string; defer: boolean | undefined }>();
  for (const [kind, classes] of [
    ['stage', taxonomy.stages],
    ['touchpoint', taxonomy.touchpoints],
  ] as const)
    for (const [label, entry] of Object.entries(classes))
      for (const rule of entry?.rules ?? [])
        out.set(`${kind}.${label}.${rule.id}`, { words: JSON.stringify(rule), defer: rule.defer });
  return out;
}

let defaultRuleWords: Map<string, { words: string }> | undefined;

/** The rules a custom taxonomy adds or changes against the default one: they decide where they fire. */
export function ownRulesOf(taxonomy: Taxonomy): Set<string> {
  return changedRules(taxonomy, false);
}

/** The rules a taxonomy adds or changes with `"defer": true` (a preset's): they decide where the model is unsure. */
export function deferredRulesOf(taxonomy: Taxonomy): Set<string> {
  return changedRules(taxonomy, true);
}

function changedRules(taxonomy: Taxonomy, deferred: boolean): Set<string> {
  defaultRuleWords ??= ruleWords(defaultTaxonomy);
  const defaults = defaultRuleWords;
  const out = new Set<string>();
  for (const [id, rule] of ruleWords(taxonomy))
    if (defaults.get(id)?.words !== rule.words && (rule.defer === true) === deferred) out.add(id);
  return out;
}

/** A tagItem bound to a custom taxonomy (from `loadTaxonomy`); compile once, call per item. */
export function createTagger(
  taxonomy: Taxonomy,
  options: TaggerOptions = {},
): (input: TagInput) => TagResult {
  const model =
    options.clauseModel === undefined
      ? CLAUSE_MODEL_BY_DEFAULT
        ? shippedClauseModel
        : null
      : options.clauseModel;
  return createTagItem(
    compileTaxonomy(taxonomy),
    polarityModel,
    model,
    ownRulesOf(taxonomy),
    deferredRulesOf(taxonomy),
  );
}

/** Tags one feedback item with the default taxonomy. */
export const tagItem: (input: TagInput) => TagResult = createTagger(defaultTaxonomy);
