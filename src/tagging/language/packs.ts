// The shipped language packs (packs/<code>.json), validated and compiled once at import, and their digest:
// it joins the tagger version, so changing a pack changes the version and `painmap retag` re-tags.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readBaseLexicon } from './base-lexicons.js';
import { type CompiledPack, compilePack } from './compile-pack.js';
import { packSchema } from './pack-schema.js';

const require = createRequire(import.meta.url);

/** Languages with a pack, besides English (which the taxonomy and the clause model read). */
export const PACK_LANGUAGES = ['es', 'de', 'fr'] as const;

const packJson: Record<string, unknown> = {
  es: require('./packs/es.json'),
  de: require('./packs/de.json'),
  fr: require('./packs/fr.json'),
};

function loadPacks(): Map<string, CompiledPack> {
  const out = new Map<string, CompiledPack>();
  for (const language of PACK_LANGUAGES) {
    const parsed = packSchema.safeParse(packJson[language]);
    if (!parsed.success) throw new Error(`language pack ${language}.json: ${parsed.error.message}`);
    out.set(language, compilePack(parsed.data, readBaseLexicon(language)));
  }
  return out;
}

const PACKS = loadPacks();

/** Eight hex digits of the packs' content: any change to a pack file changes it. */
export function packsDigest(packs: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(packs)).digest('hex').slice(0, 8);
}

/** `langs-<digest>` in the tagger version. */
export const LANGUAGE_PACKS_DIGEST: string = packsDigest(PACK_LANGUAGES.map((l) => packJson[l]));

/** The compiled pack of an ISO 639-1 code (`es`, `de-AT` → `de`), or null where none ships. */
export function packFor(language: string | null | undefined): CompiledPack | null {
  if (!language) return null;
  return PACKS.get(language.toLowerCase().slice(0, 2)) ?? null;
}
