// Zendesk legacy CSV full export: the subject is the only free text; `Satisfaction Score`
// (Good/Bad/Offered/Unoffered) is the CSAT on the csat2 scale.

import { normalizeChannel, removedTicketReason } from '../channels.js';
import { findColumn, pickSegmentColumns } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  chooseDayFirst,
  normalizeRow,
  noteLayout,
  oneHeaderRowFormat,
  type RowMapper,
  respondentFields,
} from '../csv-format.js';
import { parseDate } from '../dates.js';
import { finishRecord, type RatingResult } from '../records.js';

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

function prepareZendeskCsv(head: CsvHead): RowMapper {
  const headers = head.headers[0] ?? [];
  const norm = normalizeRow(headers);
  const id = findColumn(norm, ['id', 'ticket id']);
  const subject = findColumn(norm, ['subject']);
  const date = findColumn(norm, ['created at', 'created']);
  const via = findColumn(norm, ['via', 'channel']);
  const score = findColumn(norm, ['satisfaction score', 'satisfaction rating']);
  const customer = findColumn(norm, ['requester id', 'requester email']);
  const status = findColumn(norm, ['status']);
  const cleaned = headers.map((h) => h.replace(/\s*\[[^\]]*\]\s*$/, ''));
  const segments = pickSegmentColumns(cleaned);
  const dateOptions = { dayFirst: chooseDayFirst(head, date) };
  noteLayout(head, 'Zendesk CSV', {
    id: [id],
    text: [subject],
    date: [date],
    rating: [score],
    customer: [customer],
    segment: segments.map((s) => s.index),
  });
  return (fields, record) => {
    const removed = removedTicketReason('Zendesk', cell(fields, status));
    return finishRecord({
      record,
      source: 'zendesk',
      id: cell(fields, id),
      idRequired: true,
      date: parseDate(cell(fields, date), dateOptions),
      text: cell(fields, subject),
      rating: parseZendeskScore(cell(fields, score)),
      channel: normalizeChannel(cell(fields, via)),
      ...respondentFields(head, fields, { customer, segments }),
      textLabel: 'Subject',
      ...(removed ? { skipReason: removed } : {}),
    });
  };
}

export const zendeskCsv: CsvFormat = oneHeaderRowFormat({
  name: 'zendesk-csv',
  source: 'zendesk',
  matchesHeader: (norm) =>
    (norm.includes('summationcolumn') && norm.includes('via')) ||
    (norm.includes('id') &&
      norm.includes('requester') &&
      norm.includes('via') &&
      norm.includes('satisfactionscore')),
  prepare: prepareZendeskCsv,
});
