// Freshdesk ticket export CSV (and Freshservice's variant capitalisation). Outbound e-mails
// are company-written and skipped; repeated header names are tolerated unless we read them.

import { isCompanyInitiated, normalizeChannel, removedTicketReason } from '../channels.js';
import { assertUniqueHeaders, findColumn, pickSegmentColumns } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  chooseDayFirst,
  joinCells,
  normalizeRow,
  noteLayout,
  oneHeaderRowFormat,
  type RowMapper,
  respondentFields,
} from '../csv-format.js';
import { parseDate } from '../dates.js';
import { checkRating, finishRecord, type RatingResult } from '../records.js';

const SURVEY: ReadonlyArray<[RegExp, number]> = [
  [/^(extremely|very) unhappy$|^terrible$/, 1],
  [/^unhappy$|^not good$|^bad$/, 2],
  [/^neutral$|^just okay$|^okay$|^ok$/, 3],
  [/^happy$|^good$/, 4],
  [/^(extremely|very) happy$|^awesome$|^great$|^excellent$/, 5],
];

/** Freshdesk satisfaction answers (`Awesome`, `Just Okay`, `Not Good`, `Extremely happy`…) on csat5. */
export function parseFreshdeskSurvey(raw: string): RatingResult {
  const v = raw.trim().toLowerCase();
  if (v === '') return { ok: true, rating: null };
  if (/^\d+$/.test(v)) return checkRating(Number(v), 'csat5');
  for (const [pattern, value] of SURVEY)
    if (pattern.test(v)) return { ok: true, rating: { value, scale: 'csat5' } };
  return {
    ok: false,
    reason: `the survey result "${raw.slice(0, 40)}" is not a Freshdesk satisfaction answer`,
  };
}

function prepareFreshdesk(head: CsvHead): RowMapper {
  const headers = head.headers[0] ?? [];
  const norm = normalizeRow(headers);
  const id = findColumn(norm, ['ticket id']);
  const text = [findColumn(norm, ['subject']), findColumn(norm, ['description'])].filter((i) => i >= 0);
  const date = findColumn(norm, ['created time', 'created at', 'created date']);
  const source = findColumn(norm, ['source']);
  const survey = findColumn(norm, ['survey results', 'survey result', 'satisfaction rating']);
  const customer = findColumn(norm, ['contact id', 'requester id', 'email', 'requester email']);
  const status = findColumn(norm, ['status']);
  const spam = findColumn(norm, ['spam', 'is spam']);
  const deleted = findColumn(norm, ['deleted', 'is deleted']);
  const segments = pickSegmentColumns(headers);
  assertUniqueHeaders(
    headers,
    new Set([id, date, source, survey, customer, ...text, ...segments.map((s) => s.index)]),
  );
  const dateOptions = { dayFirst: chooseDayFirst(head, date) };
  noteLayout(head, 'Freshdesk', {
    id: [id],
    text,
    date: [date],
    rating: [survey],
    customer: [customer],
    segment: segments.map((s) => s.index),
  });
  return (fields, record) => {
    const via = cell(fields, source);
    const removed = removedTicketReason('Freshdesk', cell(fields, status), {
      spam: cell(fields, spam),
      deleted: cell(fields, deleted),
    });
    const outbound = isCompanyInitiated(via)
      ? {
          code: 'company_initiated',
          reason: 'An outbound e-mail written by the company, not customer feedback.',
        }
      : undefined;
    const skipReason = removed ?? outbound;
    return finishRecord({
      record,
      source: 'freshdesk',
      id: cell(fields, id),
      idRequired: true,
      date: parseDate(cell(fields, date), dateOptions),
      text: joinCells(fields, text),
      rating: parseFreshdeskSurvey(cell(fields, survey)),
      channel: normalizeChannel(via),
      ...respondentFields(head, fields, { customer, segments }),
      textLabel: 'Description',
      ...(skipReason ? { skipReason } : {}),
    });
  };
}

export const freshdesk: CsvFormat = oneHeaderRowFormat({
  name: 'freshdesk',
  source: 'freshdesk',
  matchesHeader: (norm) => norm.includes('ticketid') && norm.includes('createdtime'),
  prepare: prepareFreshdesk,
});
