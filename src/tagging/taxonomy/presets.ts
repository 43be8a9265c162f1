// The shipped taxonomies: the default one (the `general` preset), read and validated once at import, and the
// industry presets' files (presets/NAME.json), read when a preset is asked for.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PresetName } from './preset-names.js';
import { type Taxonomy, taxonomySchema } from './schema.js';

const require = createRequire(import.meta.url);
export const defaultTaxonomy: Taxonomy = taxonomySchema.parse(require('./default-taxonomy.json'));

/** The JSON text of a preset's file (general: the default taxonomy's). */
export function presetText(name: PresetName): string {
  const file = name === 'general' ? './default-taxonomy.json' : `./presets/${name}.json`;
  return readFileSync(new URL(file, import.meta.url), 'utf8');
}
