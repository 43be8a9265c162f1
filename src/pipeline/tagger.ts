// Picks the tagging function for this process: the default taxonomy, a preset (`preset:NAME`) or the file
// PAINMAP_TAXONOMY names (which may extend a preset or another file).
import {
  ACTIVE_TAGGER_VERSION,
  createTagger,
  defaultTaxonomy,
  resolveTaxonomy,
  type Taxonomy,
  tagItem,
} from '../tagging/index.js';
import type { TagInput, TagResult } from '../tagging/types.js';

export function loadTagger(taxonomyRef?: string): (input: TagInput) => TagResult {
  return loadVersionedTagger(taxonomyRef).tag;
}

export interface TaggerVersions {
  tagger: string;
  taxonomy: string;
}

/** `default` (or nothing) is the built-in taxonomy, `preset:NAME` a preset, anything else a taxonomy file. */
export function loadTaxonomyOrDefault(ref?: string): Taxonomy {
  if (!ref || ref === 'default') return defaultTaxonomy;
  return resolveTaxonomy(ref);
}

/** A tagging function together with the versions every result of it carries. */
export function loadVersionedTagger(ref?: string): {
  tag: (input: TagInput) => TagResult;
  versions: TaggerVersions;
} {
  const taxonomy = loadTaxonomyOrDefault(ref);
  const tag = taxonomy === defaultTaxonomy ? tagItem : createTagger(taxonomy);
  return { tag, versions: { tagger: ACTIVE_TAGGER_VERSION, taxonomy: taxonomy.version } };
}
