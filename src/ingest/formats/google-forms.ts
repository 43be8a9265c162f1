// Google Forms Responses → Download (.csv): `Timestamp` first (localised), optional e-mail
// column, then question titles. No response id: the id hashes timestamp, e-mail and text.
import { findColumn, pickSegmentColumns, readSegment, requireFlagColumn } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  chooseDayFirst,
  joinCells,
  normalizeRow,
  type RowMapper,
} from '../csv-format.js';
import { parseDate } from '../dates.js';
import { pickQuestions } from '../question-columns.js';
import { finishRecord, hashId, parseRating } from '../records.js';
import { FileRejectedError } from '../types.js';
import { ID_ALIASES } from './generic-csv.js';

export const TIMESTAMP_NAMES = [
  'timestamp',
  'marca temporal',
  'horodateur',
  'zeitstempel',
  'carimbo de data/hora',
  'informazioni cronologiche',
  'tijdstempel',
  'sygnatura czasowa',
  'отметка времени',
  'タイムスタンプ',
  '타임스탬프',
  '时间戳',
  '時間戳記',
];
const EMAIL_NAMES = [
  'email address',
  'email',
  'e-mail-adresse',
  'adresse e-mail',
  'dirección de correo electrónico',
];

function prepareGoogleForms(head: CsvHead): RowMapper {
  const headers = head.headers[0] ?? [];
  const norm = normalizeRow(headers);
  const flags = head.options.columns ?? {};
  const email = findColumn(norm, EMAIL_NAMES);
  const segments = pickSegmentColumns(headers, flags.segments);
  const questions = headers.flatMap((_, i) =>
    i === 0 || i === email || segments.some((s) => s.index === i) ? [] : [i],
  );
  const pick = pickQuestions(headers, questions, head.sample);
  const text = flags.text
    ? [flags.text].flat().map((t) => requireFlagColumn(headers, t, '--text-column'))
    : pick.text;
  if (text.length === 0) {
    throw new FileRejectedError(
      'missing_column',
      'No open-text question found in this Google Forms export; name it with --text-column.',
      1,
    );
  }
  const rating = flags.rating ? requireFlagColumn(headers, flags.rating, '--rating-column') : pick.rating;
  const scale = flags.ratingScale ?? pick.scale;
  const dateOptions = { dayFirst: chooseDayFirst(head, 0) };
  return (fields, record) => {
    const date = parseDate(cell(fields, 0), dateOptions);
    const body = joinCells(fields, text);
    const mail = cell(fields, email);
    return finishRecord({
      record,
      source: 'google-forms',
      id: date.ok ? hashId(['google-forms', date.iso, mail, body]) : null,
      idRequired: false,
      date,
      text: body,
      rating: parseRating(cell(fields, rating), scale),
      channel: 'survey',
      customerId: mail || null,
      segment: readSegment(fields, segments, head.options.segment),
      raw: fields,
      textLabel: headers[text[0]!],
    });
  };
}

export const googleForms: CsvFormat = {
  name: 'google-forms',
  source: 'google-forms',
  matches: (rows) => {
    const norm = normalizeRow(rows[0]);
    return findColumn(norm.slice(0, 1), TIMESTAMP_NAMES) === 0 && findColumn(norm, ID_ALIASES) < 0;
  },
  headerRowCount: () => 1,
  prepare: prepareGoogleForms,
};
