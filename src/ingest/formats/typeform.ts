// Typeform Results → Download CSV: `#` token, one column per question, hidden fields,
// then `Response Type`, `Start Date (UTC)`, `Stage Date (UTC)`, `Submit Date (UTC)`, `Network ID`.
import {
  findColumn,
  normalizeHeader,
  pickSegmentColumns,
  readSegment,
  requireFlagColumn,
} from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  joinCells,
  normalizeRow,
  type RowMapper,
} from '../csv-format.js';
import { parseDate } from '../dates.js';
import { indexesOf, pickQuestions } from '../question-columns.js';
import { finishRecord, parseRating } from '../records.js';
import { FileRejectedError } from '../types.js';

const TRAILER = [
  'Response Type',
  'Start Date (UTC)',
  'Stage Date (UTC)',
  'Submit Date (UTC)',
  'Network ID',
  'Tags',
  'score',
  'ending',
];
/** Hidden fields and variables are identifier-like names (`user_id`, `plan`), not question titles. */
const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
const CUSTOMER_FIELDS = ['user_id', 'userid', 'customer_id', 'email', 'contact_id'];

function prepareTypeform(head: CsvHead): RowMapper {
  const headers = head.headers[0] ?? [];
  const norm = normalizeRow(headers);
  const flags = head.options.columns ?? {};
  const id = findColumn(norm, ['#']);
  const dates = ['submitdateutc', 'stagedateutc', 'startdateutc']
    .map((n) => norm.indexOf(n))
    .filter((i) => i >= 0);
  const trailer = indexesOf(headers, TRAILER);
  const hidden = headers.flatMap((h, i) =>
    i !== id && !trailer.has(i) && IDENTIFIER.test(h.trim()) ? [i] : [],
  );
  const questions = headers.flatMap((_, i) => (i === id || trailer.has(i) || hidden.includes(i) ? [] : [i]));
  const pick = pickQuestions(headers, questions, head.sample);
  const text = flags.text
    ? [flags.text].flat().map((t) => requireFlagColumn(headers, t, '--text-column'))
    : pick.text;
  if (text.length === 0) {
    throw new FileRejectedError(
      'missing_column',
      'No open-text question found in this Typeform export; name it with --text-column.',
      1,
    );
  }
  const rating = flags.rating ? requireFlagColumn(headers, flags.rating, '--rating-column') : pick.rating;
  const scale = flags.ratingScale ?? pick.scale;
  const customer = hidden.find((i) => CUSTOMER_FIELDS.includes(normalizeHeader(headers[i] ?? ''))) ?? -1;
  const segments = pickSegmentColumns(headers, flags.segments).filter(
    (s) => hidden.includes(s.index) || flags.segments,
  );
  return (fields, record) =>
    finishRecord({
      record,
      source: 'typeform',
      id: cell(fields, id),
      idRequired: true,
      date: parseDate(dates.map((i) => cell(fields, i)).find((v) => v !== '') ?? '', { zone: 'UTC' }),
      text: joinCells(fields, text),
      rating: parseRating(cell(fields, rating), scale),
      channel: 'survey',
      customerId: cell(fields, customer) || null,
      segment: readSegment(fields, segments, head.options.segment),
      raw: fields,
      textLabel: headers[text[0]!],
    });
}

export const typeform: CsvFormat = {
  name: 'typeform',
  source: 'typeform',
  matches: (rows) => {
    const norm = normalizeRow(rows[0]);
    return norm.includes('#') && (norm.includes('submitdateutc') || norm.includes('networkid'));
  },
  headerRowCount: () => 1,
  prepare: prepareTypeform,
};
