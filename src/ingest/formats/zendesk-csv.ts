// Zendesk legacy CSV full export: the subject is the only free text; `Satisfaction Score`
// (Good/Bad/Offered/Unoffered) is the CSAT on the csat2 scale.

import { findColumn, pickSegmentColumns } from '../columns.js';
import type { CsvFormat } from '../csv-format.js';
import type { RatingResult } from '../records.js';
import { type TicketColumns, ticketFormat } from '../ticket-layout.js';

/** `good` → 1, `bad` → 0 on csat2; `offered`/`unoffered`/blank → no rating. */
export function parseZendeskScore(raw: string): RatingResult {
  const v = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  if (v === 'good' || v === 'goodwithcomment') return { ok: true, rating: { value: 1, scale: 'csat2' } };
  if (v === 'bad' || v === 'badwithcomment') return { ok: true, rating: { value: 0, scale: 'csat2' } };
  if (v === '' || v === 'offered' || v === 'unoffered' || v === 'notoffered')
    return { ok: true, rating: null };
  return {
    ok: false,
    reason: `the satisfaction score "${raw.slice(0, 40)}" is not good, bad, offered or unoffered`,
  };
}

function findZendeskColumns(headers: readonly string[], norm: string[]): TicketColumns {
  // Custom fields name their type in brackets (`Plan [list]`): the segment key is the name alone.
  const cleaned = headers.map((h) => h.replace(/\s*\[[^\]]*\]\s*$/, ''));
  return {
    id: findColumn(norm, ['id', 'ticket id']),
    text: [findColumn(norm, ['subject'])],
    date: findColumn(norm, ['created at', 'created']),
    via: findColumn(norm, ['via', 'channel']),
    rating: findColumn(norm, ['satisfaction score', 'satisfaction rating']),
    customer: findColumn(norm, ['requester id', 'requester email']),
    status: findColumn(norm, ['status']),
    segments: pickSegmentColumns(cleaned),
  };
}

export const zendeskCsv: CsvFormat = ticketFormat({
  name: 'zendesk-csv',
  source: 'zendesk',
  matchesHeader: (norm) =>
    (norm.includes('summationcolumn') && norm.includes('via')) ||
    (norm.includes('id') &&
      norm.includes('requester') &&
      norm.includes('via') &&
      norm.includes('satisfactionscore')),
  tool: 'Zendesk',
  layout: 'Zendesk CSV',
  textLabel: 'Subject',
  parseRating: parseZendeskScore,
  findColumns: findZendeskColumns,
});
