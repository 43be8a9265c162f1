// Freshdesk ticket export CSV (and Freshservice's variant capitalisation). Outbound e-mails
// are company-written and skipped; repeated header names are tolerated unless we read them.

import { assertUniqueHeaders, findColumn, pickSegmentColumns } from '../columns.js';
import type { CsvFormat } from '../csv-format.js';
import { checkRating, type RatingResult } from '../records.js';
import { type TicketColumns, ticketFormat } from '../ticket-layout.js';

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

function findFreshdeskColumns(headers: readonly string[], norm: string[]): TicketColumns {
  const columns = {
    id: findColumn(norm, ['ticket id']),
    text: [findColumn(norm, ['subject']), findColumn(norm, ['description'])].filter((i) => i >= 0),
    date: findColumn(norm, ['created time', 'created at', 'created date']),
    via: findColumn(norm, ['source']),
    rating: findColumn(norm, ['survey results', 'survey result', 'satisfaction rating']),
    customer: findColumn(norm, ['contact id', 'requester id', 'email', 'requester email']),
    status: findColumn(norm, ['status']),
    spam: findColumn(norm, ['spam', 'is spam']),
    deleted: findColumn(norm, ['deleted', 'is deleted']),
    segments: pickSegmentColumns(headers),
  };
  const { id, date, via, rating, customer, text, segments } = columns;
  assertUniqueHeaders(
    headers,
    new Set([id, date, via, rating, customer, ...text, ...segments.map((s) => s.index)]),
  );
  return columns;
}

export const freshdesk: CsvFormat = ticketFormat({
  name: 'freshdesk',
  source: 'freshdesk',
  matchesHeader: (norm) => norm.includes('ticketid') && norm.includes('createdtime'),
  tool: 'Freshdesk',
  layout: 'Freshdesk',
  textLabel: 'Description',
  parseRating: parseFreshdeskSurvey,
  skipsOutbound: true,
  findColumns: findFreshdeskColumns,
});
