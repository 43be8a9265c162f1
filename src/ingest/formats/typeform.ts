// Typeform Results → Download CSV: `#` token, one column per question, hidden fields,
// then `Response Type`, `Start Date (UTC)`, `Stage Date (UTC)`, `Submit Date (UTC)`, `Network ID`.
import { findColumn, normalizeHeader, pickSegmentColumns } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  dateReader,
  normalizeRow,
  noteColumn,
  oneHeaderRowFormat,
  type RowMapper,
} from '../csv-format.js';
import { finishSurveyResponse, indexesOf, pickOpenQuestions } from '../question-columns.js';

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
  noteColumn(head, id, 'id', 'the Typeform response token');
  for (const d of dates)
    noteColumn(head, d, 'date', 'the first filled of submit, stage and start date (UTC)');
  const customer = hidden.find((i) => CUSTOMER_FIELDS.includes(normalizeHeader(headers[i] ?? ''))) ?? -1;
  const segments = pickSegmentColumns(headers, flags.segments).filter(
    (s) => hidden.includes(s.index) || flags.segments,
  );
  noteColumn(head, customer, 'customer', 'a hidden field naming the customer');
  for (const s of segments)
    noteColumn(head, s.index, 'segment', `a hidden field, copied into segment.${s.key}`);
  const questions = headers.flatMap((_, i) => (i === id || trailer.has(i) || hidden.includes(i) ? [] : [i]));
  const pick = pickOpenQuestions(head, headers, questions, 'Typeform');
  const readDate = dateReader(head, dates, { zone: 'UTC' }, 'Typeform');
  return (fields, record) => {
    const response = {
      record,
      source: 'typeform',
      id: cell(fields, id),
      idRequired: true,
      date: readDate(fields),
    };
    return finishSurveyResponse(head, pick, { customer, segments }, fields, response);
  };
}

export const typeform: CsvFormat = oneHeaderRowFormat({
  name: 'typeform',
  source: 'typeform',
  matchesHeader: (norm) =>
    norm.includes('#') && (norm.includes('submitdateutc') || norm.includes('networkid')),
  prepare: prepareTypeform,
});
