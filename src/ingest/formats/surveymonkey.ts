// SurveyMonkey "All responses data" CSV: two header rows; continuation cells of row 1 are blank;
// row 2 says `Response` / `Open-Ended Response` / option labels.
import { findColumn, pickSegmentColumns, readSegment } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  chooseDayFirst,
  columnValues,
  inferRatingScale,
  joinCells,
  normalizeRow,
  type RowMapper,
} from '../csv-format.js';
import { parseDate } from '../dates.js';
import { finishRecord, parseRating } from '../records.js';
import { FileRejectedError } from '../types.js';

const METADATA = 9;
const RATING_TITLE = /\b(recommend|likely|rate|rating|satisf|score|stars?)\b/i;

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
  const id = findColumn(norm, ['respondent id']);
  const end = findColumn(norm, ['end date']);
  const date = end >= 0 ? end : findColumn(norm, ['start date']);
  const text = row2.flatMap((c, i) => (c === 'open-ended response' && i >= METADATA ? [i] : []));
  if (text.length === 0) {
    throw new FileRejectedError(
      'missing_column',
      'No "Open-Ended Response" column in header row 2: the survey has no free-text question.',
      2,
    );
  }
  const rating = row2.findIndex(
    (c, i) => i >= METADATA && c === 'response' && RATING_TITLE.test(titles[i] ?? ''),
  );
  const scale = rating < 0 ? null : inferRatingScale(titles[rating] ?? '', columnValues(head.sample, rating));
  const email = findColumn(norm, ['email address']);
  const segments = pickSegmentColumns(row1).filter((s) => s.index >= METADATA);
  const dateOptions = { dayFirst: chooseDayFirst(head, date) };
  return (fields, record) =>
    finishRecord({
      record,
      source: 'surveymonkey',
      id: cell(fields, id),
      idRequired: true,
      date: parseDate(cell(fields, date), dateOptions),
      text: joinCells(fields, text),
      rating: parseRating(cell(fields, rating), scale),
      channel: 'survey',
      customerId: cell(fields, email) || null,
      segment: readSegment(fields, segments, head.options.segment),
      raw: fields,
      textLabel: titles[text[0]!],
    });
}

export const surveyMonkey: CsvFormat = {
  name: 'surveymonkey',
  source: 'surveymonkey',
  matches: (rows) => {
    const norm = normalizeRow(rows[0]);
    return norm.includes('respondentid') && norm.includes('collectorid');
  },
  headerRowCount: () => 2,
  prepare: prepareSurveyMonkey,
};
