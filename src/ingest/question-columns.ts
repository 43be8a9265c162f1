// For survey exports whose CSV carries no question types (Typeform, Google Forms, SurveyMonkey,
// legacy Qualtrics): the open questions and the rating question, chosen by what the answers hold
// (see column-profile.ts), unless column flags name them.
import type { RatingScale } from '../domain.js';
import { finishAnswers, type OpenQuestion, questionKeys } from './answers.js';
import { columnsOf, type PlannedColumn, planColumns } from './column-profile.js';
import { normalizeHeader, requireFlagColumn } from './columns.js';
import {
  type CsvHead,
  cell,
  columnValues,
  inferRatingScale,
  noteColumn,
  type RespondentColumns,
  respondentFields,
} from './csv-format.js';
import { parseRating, type RecordDraft } from './records.js';
import { FileRejectedError, type ParseEvent } from './types.js';

const NPS_FIRST = /recommend|likely|nps|empfehl|recommand|recomend/i;

export interface QuestionPick {
  text: OpenQuestion[];
  rating: number;
  scale: RatingScale | null;
}

function chooseRating(plan: readonly PlannedColumn[]): PlannedColumn | undefined {
  const ratings = plan.filter((c) => c.role === 'rating');
  return ratings.find((c) => NPS_FIRST.test(c.header)) ?? ratings[0];
}

/**
 * Plans the candidate question columns of a survey export (`titles` are the question texts) and
 * records the plan on the head. Categorical answers are reported as segments but not copied into
 * the item's segment (one key per question would split every aggregate); `--segment-column` copies one.
 */
export function pickQuestions(
  head: CsvHead,
  titles: readonly string[],
  candidates: readonly number[],
): QuestionPick {
  const flags = head.options.columns ?? {};
  const plan = planColumns(titles, head.sample, candidates);
  const textFlags = flags.text === undefined ? [] : [flags.text].flat();
  const text = textFlags.length
    ? textFlags.map((t) => requireFlagColumn(titles, t, '--text-column'))
    : columnsOf(plan, 'text');
  const chosen = flags.rating ? undefined : chooseRating(plan);
  const rating = flags.rating
    ? requireFlagColumn(titles, flags.rating, '--rating-column')
    : (chosen?.column ?? -1);
  const scale =
    flags.ratingScale ??
    chosen?.scale ??
    (rating < 0 ? null : inferRatingScale(titles[rating] ?? '', columnValues(head.sample, rating)));
  for (const c of text)
    noteColumn(head, c, 'text', textFlags.length ? 'named by --text-column' : whyOf(plan, c), titles[c]);
  if (rating >= 0)
    noteColumn(
      head,
      rating,
      'rating',
      flags.rating ? 'named by --rating-column' : whyOf(plan, rating),
      titles[rating],
    );
  for (const c of plan) {
    if (text.includes(c.column) || c.column === rating) continue;
    const role = c.role === 'text' || c.role === 'rating' ? 'segment' : c.role;
    const why = c.role === 'segment' ? `${c.why}; not copied (--segment-column copies it)` : c.why;
    noteColumn(head, c.column, role === 'date' || role === 'id' ? 'ignored' : role, why, c.header);
  }
  return { text: text.map((column) => ({ column, title: titles[column] ?? '' })), rating, scale };
}

const whyOf = (plan: readonly PlannedColumn[], column: number) =>
  plan.find((c) => c.column === column)?.why ?? '';

/** Indexes of the headers equal (normalised) to a name, used to exclude metadata columns. */
export function indexesOf(headers: readonly string[], names: readonly string[]): Set<number> {
  const wanted = new Set(names.map(normalizeHeader));
  const out = new Set<number>();
  headers.forEach((h, i) => {
    if (wanted.has(normalizeHeader(h))) out.add(i);
  });
  return out;
}

/** The picked questions of a survey export, with their item-id keys; a file with none is rejected. */
export interface OpenQuestionPick extends QuestionPick {
  keys: string[];
}

export function pickOpenQuestions(
  head: CsvHead,
  titles: readonly string[],
  candidates: readonly number[],
  tool: string,
): OpenQuestionPick {
  const pick = pickQuestions(head, titles, candidates);
  if (pick.text.length === 0) {
    throw new FileRejectedError(
      'missing_column',
      `No open-text question found in this ${tool} export (no column holds long, varied answers); ` +
        'name it with --text-column.',
      1,
    );
  }
  return { ...pick, keys: questionKeys(pick.text) };
}

/** One survey response: its picked rating, who answered, and each picked answer as an item. */
export function finishSurveyResponse(
  head: CsvHead,
  pick: OpenQuestionPick,
  respondent: RespondentColumns,
  fields: readonly string[],
  response: Pick<RecordDraft, 'record' | 'source' | 'id' | 'idRequired' | 'date'>,
): ParseEvent[] {
  const draft = {
    ...response,
    rating: parseRating(cell(fields, pick.rating), pick.scale),
    channel: 'survey',
    ...respondentFields(head, fields, respondent),
    textLabel: pick.text[0]!.title,
  };
  return finishAnswers(draft, fields, pick.text, pick.keys);
}
