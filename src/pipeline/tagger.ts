// Picks the tagging function for this process: the default taxonomy, or the file PAINMAP_TAXONOMY names.
import {
  ACTIVE_TAGGER_VERSION,
  createTagger,
  defaultTaxonomy,
  loadTaxonomy,
  type Taxonomy,
  tagItem,
} from '../tagging/index.js';
import type { TagInput, TagResult } from '../tagging/types.js';

export function loadTagger(taxonomyPath?: string): (input: TagInput) => TagResult {
  return taxonomyPath ? createTagger(loadTaxonomy(taxonomyPath)) : tagItem;
}

export interface TaggerVersions {
  tagger: string;
  taxonomy: string;
}

/** `default` (or nothing) is the built-in taxonomy; anything else a taxonomy file. */
export function loadTaxonomyOrDefault(pathOrDefault?: string): Taxonomy {
  if (!pathOrDefault || pathOrDefault === 'default') return defaultTaxonomy;
  try {
    return loadTaxonomy(pathOrDefault);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === undefined) throw error;
    throw new Error(
      `Cannot read the taxonomy file ${pathOrDefault} (${code}); give the path of a taxonomy JSON file, or "default".`,
    );
  }
}

/** A tagging function together with the versions every result of it carries. */
export function loadVersionedTagger(pathOrDefault?: string): {
  tag: (input: TagInput) => TagResult;
  versions: TaggerVersions;
} {
  const taxonomy = loadTaxonomyOrDefault(pathOrDefault);
  const tag = taxonomy === defaultTaxonomy ? tagItem : createTagger(taxonomy);
  return { tag, versions: { tagger: ACTIVE_TAGGER_VERSION, taxonomy: taxonomy.version } };
}
