// Google Forms Responses → Download (.csv): `Timestamp` first (localised), optional e-mail
// column, then question titles. No response id: the id hashes timestamp, e-mail and text.
import { findColumn, pickSegmentColumns } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  chooseDayFirst,
  dateReader,
  normalizeRow,
  noteColumn,
  oneHeaderRowFormat,
  type RowMapper,
} from '../csv-format.js';
import { finishSurveyResponse, pickOpenQuestions } from '../question-columns.js';
import { hashId } from '../records.js';
import { ID_ALIASES } from './generic-aliases.js';

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
  noteColumn(head, 0, 'date', 'the Google Forms timestamp');
  noteColumn(head, email, 'customer', 'the respondent’s e-mail (also part of the record id)');
  for (const s of segments) noteColumn(head, s.index, 'segment', `copied into segment.${s.key}`);
  const questions = headers.flatMap((_, i) =>
    i === 0 || i === email || segments.some((s) => s.index === i) ? [] : [i],
  );
  const pick = pickOpenQuestions(head, headers, questions, 'Google Forms');
  const readDate = dateReader(head, 0, { dayFirst: chooseDayFirst(head, 0) }, 'Google Forms');
  return (fields, record) => {
    const date = readDate(fields);
    const answers = pick.text.map((q) => cell(fields, q.column));
    const mail = cell(fields, email);
    // The record id hashes what identifies a response (no response id in this export).
    const id = date.ok ? hashId(['google-forms', date.iso, mail, answers.filter(Boolean).join('\n')]) : null;
    const response = { record, source: 'google-forms', id, idRequired: false, date };
    return finishSurveyResponse(head, pick, { customer: email, segments }, fields, response);
  };
}

export const googleForms: CsvFormat = oneHeaderRowFormat({
  name: 'google-forms',
  source: 'google-forms',
  matchesHeader: (norm) =>
    findColumn(norm.slice(0, 1), TIMESTAMP_NAMES) === 0 && findColumn(norm, ID_ALIASES) < 0,
  prepare: prepareGoogleForms,
});
