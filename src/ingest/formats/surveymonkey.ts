// SurveyMonkey "All responses data" CSV: two header rows; continuation cells of row 1 are blank;
// row 2 says `Response` / `Open-Ended Response` / option labels.
import { type OpenQuestion, questionKeys } from '../answers.js';
import { profileColumn, ratingScaleOf } from '../column-profile.js';
import { findColumn, normalizeHeader, pickSegmentColumns } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  chooseDayFirst,
  dateReader,
  normalizeRow,
  noteColumn,
  type RowMapper,
} from '../csv-format.js';
import { finishSurveyResponse } from '../question-columns.js';
import { FileRejectedError } from '../types.js';

/** Respondent metadata columns, in full exports and trimmed ones (`RespondentID`, no Collector ID). */
const METADATA_NAMES = [
  'respondent id',
  'collector id',
  'start date',
  'end date',
  'ip address',
  'email address',
  'first name',
  'last name',
];
const RATING_TITLE = /\b(recommend|likely|rate|rating|satisf|score|stars?)\b/i;

function isMetadata(header: string): boolean {
  const n = normalizeHeader(header);
  return METADATA_NAMES.some((m) => normalizeHeader(m) === n) || /^customdata\d*$/.test(n);
}

/** Row-1 titles with blank continuation cells carried forward from the question they belong to. */
function carryForward(row1: readonly string[]): string[] {
  const out: string[] = [];
  let last = '';
  for (const title of row1) {
    if (title.trim() !== '') last = title.trim();
    out.push(title.trim() === '' ? last : title.trim());
  }
  return out;
}

function prepareSurveyMonkey(head: CsvHead): RowMapper {
  const row1 = head.headers[0] ?? [];
  const row2 = (head.headers[1] ?? []).map((c) => c.trim().toLowerCase());
  const titles = carryForward(row1);
  const norm = normalizeRow(row1);
  const meta = new Set(row1.flatMap((h, i) => (isMetadata(h) ? [i] : [])));
  const id = findColumn(norm, ['respondent id']);
  const end = findColumn(norm, ['end date']);
  const date = end >= 0 ? end : findColumn(norm, ['start date']);
  const questions: OpenQuestion[] = row2.flatMap((c, i) =>
    c === 'open-ended response' && !meta.has(i) ? [{ column: i, title: titles[i] ?? '' }] : [],
  );
  if (questions.length === 0) {
    throw new FileRejectedError(
      'missing_column',
      'No "Open-Ended Response" column in header row 2: the survey has no free-text question.',
      2,
    );
  }
  const rating = row2.findIndex(
    (c, i) => !meta.has(i) && c === 'response' && RATING_TITLE.test(titles[i] ?? ''),
  );
  const judged = rating < 0 ? null : ratingScaleOf(profileColumn(titles[rating] ?? '', rating, head.sample));
  const scale = judged?.scale ?? null;
  const email = findColumn(norm, ['email address']);
  const segments = pickSegmentColumns(row1).filter((s) => !meta.has(s.index));
  noteColumn(head, id, 'id', 'the SurveyMonkey respondent id');
  noteColumn(
    head,
    date,
    'date',
    end >= 0 ? 'the end date of the response' : 'the start date of the response',
  );
  noteColumn(head, email, 'customer', 'the respondent’s e-mail');
  for (const q of questions) noteColumn(head, q.column, 'text', 'row 2 says Open-Ended Response', q.title);
  if (judged) noteColumn(head, rating, scale ? 'rating' : 'segment', judged.why, titles[rating]);
  for (const s of segments) noteColumn(head, s.index, 'segment', `copied into segment.${s.key}`);
  const readDate = dateReader(head, date, { dayFirst: chooseDayFirst(head, date) }, 'SurveyMonkey');
  const pick = { text: questions, rating, scale, keys: questionKeys(questions) };
  return (fields, record) =>
    finishSurveyResponse(head, pick, { customer: email, segments }, fields, {
      record,
      source: 'surveymonkey',
      id: cell(fields, id),
      idRequired: true,
      date: readDate(fields),
    });
}

/** Full exports have Collector ID; trimmed and older ones only `RespondentID` and the row-2 markers. */
function matchesSurveyMonkey(rows: readonly string[][]): boolean {
  const norm = normalizeRow(rows[0]);
  if (!norm.includes('respondentid')) return false;
  const row2 = (rows[1] ?? []).map((c) => c.trim().toLowerCase());
  return norm.includes('collectorid') || row2.includes('open-ended response');
}

export const surveyMonkey: CsvFormat = {
  name: 'surveymonkey',
  source: 'surveymonkey',
  matches: matchesSurveyMonkey,
  headerRowCount: () => 2,
  prepare: prepareSurveyMonkey,
};
