// The tagging engine's public surface. Pure: the default taxonomy is read once, at import.
import { createRequire } from 'node:module';
import { type PolarityModelJson, readPolarityModel } from './sentiment/polarity-model.js';
import { createTagItem } from './tag-item.js';
import { compileTaxonomy } from './taxonomy/compile-taxonomy.js';
import { type Taxonomy, taxonomySchema } from './taxonomy/schema.js';
import type { TagInput, TagResult } from './types.js';

export { loadTaxonomy, parseTaxonomy, TaxonomyError } from './taxonomy/load-taxonomy.js';
export type { Taxonomy } from './taxonomy/schema.js';
export type { Evidence, Mention, TagInput, TagResult } from './types.js';
export { TAGGER_VERSION } from './version.js';

const require = createRequire(import.meta.url);
const defaultTaxonomyJson: unknown = require('./taxonomy/default-taxonomy.json');
/** The trained positive-vs-negative layer (scripts/train-sentiment.ts). */
const polarityModel = readPolarityModel(require('./sentiment/polarity-model.json') as PolarityModelJson);
export const defaultTaxonomy: Taxonomy = taxonomySchema.parse(defaultTaxonomyJson);
export const TAXONOMY_VERSION: string = defaultTaxonomy.version;

/** A tagItem bound to a custom taxonomy (from `loadTaxonomy`); compile once, call per item. */
export function createTagger(taxonomy: Taxonomy): (input: TagInput) => TagResult {
  return createTagItem(compileTaxonomy(taxonomy), polarityModel);
}

/** Tags one feedback item with the default taxonomy. */
export const tagItem: (input: TagInput) => TagResult = createTagger(defaultTaxonomy);
