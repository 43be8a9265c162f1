import { LANGUAGE_PACKS_DIGEST } from './language/packs.js';

/**
 * Bump the number on any change that can change a tag for the same input and taxonomy. The language packs'
 * content digest joins it, so a changed pack (src/tagging/language/packs) changes the version by itself.
 */
export const TAGGER_VERSION = `painmap-tagger/0.5.2+langs-${LANGUAGE_PACKS_DIGEST}`;

/** The version a tagger's results carry: the clause model's version joins the rules' when it is used. */
export function taggerVersionWith(clauseModel: { version: string } | null): string {
  return clauseModel === null ? TAGGER_VERSION : `${TAGGER_VERSION}+${clauseModel.version}`;
}
