// Typeform Results → Download CSV: `#` token, one column per question, hidden fields,
// then `Response Type`, `Start Date (UTC)`, `Stage Date (UTC)`, `Submit Date (UTC)`, `Network ID`.
import { finishAnswers, questionKeys } from '../answers.js';
import { findColumn, normalizeHeader, pickSegmentColumns } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  dateReader,
  normalizeRow,
  noteColumn,
  type RowMapper,
  respondentFields,
} from '../csv-format.js';
import { indexesOf, pickQuestions } from '../question-columns.js';
import { parseRating } from '../records.js';
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
  const pick = pickQuestions(head, headers, questions);
  if (pick.text.length === 0) {
    throw new FileRejectedError(
      'missing_column',
      'No open-text question found in this Typeform export (no column holds long, varied answers); ' +
        'name it with --text-column.',
      1,
    );
  }
  const keys = questionKeys(pick.text);
  const readDate = dateReader(head, dates, { zone: 'UTC' }, 'Typeform');
  return (fields, record) => {
    const draft = {
      record,
      source: 'typeform',
      id: cell(fields, id),
      idRequired: true,
      date: readDate(fields),
      rating: parseRating(cell(fields, pick.rating), pick.scale),
      channel: 'survey',
      ...respondentFields(head, fields, { customer: customer, segments }),
      textLabel: pick.text[0]!.title,
    };
    return finishAnswers(draft, fields, pick.text, keys);
  };
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
