/** Bump on any change that can change a tag for the same input and taxonomy. */
export const TAGGER_VERSION = 'painmap-tagger/0.5.0';

/** The version a tagger's results carry: the clause model's version joins the rules' when it is used. */
export function taggerVersionWith(clauseModel: { version: string } | null): string {
  return clauseModel === null ? TAGGER_VERSION : `${TAGGER_VERSION}+${clauseModel.version}`;
}
