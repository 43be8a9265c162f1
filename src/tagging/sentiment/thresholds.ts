// The sentiment bands every tagger path judges by (rules, clause model and language packs alike):
// when a score is neutral, when a clause is clear praise or complaint, when a rating decides.

/** |score| below this is neutral, for clauses and items alike. */
export const NEUTRAL_BAND = 0.05;
/** A clause at least this polar counts as clear praise or clear complaint when judging `mixed`. */
export const CLEAR_POLARITY = 0.25;
/** A comma-separated part of a clause must be this polar to count ("nice design, useless search"). */
export const CLEAR_PART_POLARITY = 0.35;
/** A rating at least this polar (1 or 5 stars, NPS 0-4 or 9-10) decides between praise and complaint. */
export const DECISIVE_RATING = 0.7;
