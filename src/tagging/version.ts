/** Bump on any change that can change a tag for the same input and taxonomy. */
export const TAGGER_VERSION = 'painmap-tagger/0.5.0';
