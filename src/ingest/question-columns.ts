// For survey exports whose CSV carries no question types (Typeform, Google Forms, SurveyMonkey):
// find the open-text and rating questions from their titles and sample answers.
import type { RatingScale } from '../domain.js';
import { normalizeHeader } from './columns.js';
import { columnValues, inferRatingScale } from './csv-format.js';

const OPEN_TITLE =
  /\b(why|improve|better|tell us|comments?|feedback|suggest|anything else|describe|explain|what (?:did|do|could|would|can|should|is|was)|how (?:can|could)|reason|thoughts|opinion|experience)\b/i;
const RATING_TITLE = /\b(recommend|likely|rate|rating|score|satisf|stars?|nps|scale)\b/i;
const NUMERIC = /^\s*\d+(?:[.,]\d+)?(?:\s*-\s*.*)?\s*$/;

export interface QuestionPick {
  text: number[];
  rating: number;
  scale: RatingScale | null;
}

const isNumericColumn = (values: readonly string[]) =>
  values.length > 0 && values.every((v) => NUMERIC.test(v));

function averageLength(values: readonly string[]): number {
  return values.length === 0 ? 0 : values.reduce((n, v) => n + v.length, 0) / values.length;
}

/** The rating question: a numeric column whose title reads like a rating question, else the first numeric one. */
function pickRating(
  headers: readonly string[],
  candidates: readonly number[],
  sample: readonly string[][],
): number {
  const numeric = candidates.filter((i) => isNumericColumn(columnValues(sample, i)));
  return numeric.find((i) => RATING_TITLE.test(headers[i] ?? '')) ?? numeric[0] ?? -1;
}

/**
 * Text questions: those whose titles read like open questions and whose answers are not numbers;
 * when no title does, the one column with the longest sample answers (if they look like prose).
 */
export function pickQuestions(
  headers: readonly string[],
  candidates: readonly number[],
  sample: readonly string[][],
): QuestionPick {
  const rating = pickRating(headers, candidates, sample);
  const rest = candidates.filter((i) => i !== rating && !isNumericColumn(columnValues(sample, i)));
  let text = rest.filter((i) => OPEN_TITLE.test(headers[i] ?? ''));
  if (text.length === 0) {
    const ranked = rest
      .map((i) => ({ i, len: averageLength(columnValues(sample, i)) }))
      .sort((a, b) => b.len - a.len);
    const best = ranked[0];
    if (best && best.len >= 15) text = [best.i];
  }
  const scale = rating < 0 ? null : inferRatingScale(headers[rating] ?? '', columnValues(sample, rating));
  return { text, rating, scale };
}

/** Indexes of the headers equal (normalised) to a name, used to exclude metadata columns. */
export function indexesOf(headers: readonly string[], names: readonly string[]): Set<number> {
  const wanted = new Set(names.map(normalizeHeader));
  const out = new Set<number>();
  headers.forEach((h, i) => {
    if (wanted.has(normalizeHeader(h))) out.add(i);
  });
  return out;
}
