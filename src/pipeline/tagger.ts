// Picks the tagging function for this process: the default taxonomy, or the file PAINMAP_TAXONOMY names.
import { createTagger, loadTaxonomy, tagItem } from '../tagging/index.js';
import type { TagInput, TagResult } from '../tagging/types.js';

export function loadTagger(taxonomyPath?: string): (input: TagInput) => TagResult {
  return taxonomyPath ? createTagger(loadTaxonomy(taxonomyPath)) : tagItem;
}
