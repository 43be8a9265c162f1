// The tagging engine's public surface. Pure: the default taxonomy is read once, at import.
import { createRequire } from 'node:module';
import { createTagItem } from './tag-item.js';
import { compileTaxonomy } from './taxonomy/compile-taxonomy.js';
import { type Taxonomy, taxonomySchema } from './taxonomy/schema.js';
import type { TagInput, TagResult } from './types.js';

export { loadTaxonomy, parseTaxonomy, TaxonomyError } from './taxonomy/load-taxonomy.js';
export type { Taxonomy } from './taxonomy/schema.js';
export type { Evidence, Mention, TagInput, TagResult } from './types.js';
export { TAGGER_VERSION } from './version.js';

const defaultTaxonomyJson: unknown = createRequire(import.meta.url)('./taxonomy/default-taxonomy.json');
export const defaultTaxonomy: Taxonomy = taxonomySchema.parse(defaultTaxonomyJson);
export const TAXONOMY_VERSION: string = defaultTaxonomy.version;

/** A tagItem bound to a custom taxonomy (from `loadTaxonomy`); compile once, call per item. */
export function createTagger(taxonomy: Taxonomy): (input: TagInput) => TagResult {
  return createTagItem(compileTaxonomy(taxonomy));
}

/** Tags one feedback item with the default taxonomy. */
export const tagItem: (input: TagInput) => TagResult = createTagger(defaultTaxonomy);
