// Trustpilot business review export: wording and capitalisation differ across generations;
// title and content are read together; the company's reply is never read.
import { findColumn, pickSegmentColumns } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  joinCells,
  normalizeRow,
  noteLayout,
  oneHeaderRowFormat,
  type RowMapper,
  respondentFields,
} from '../csv-format.js';
import { parseDate } from '../dates.js';
import { finishRecord, parseRating } from '../records.js';

function prepareTrustpilot(head: CsvHead): RowMapper {
  const headers = head.headers[0] ?? [];
  const norm = normalizeRow(headers);
  const id = findColumn(norm, ['review id']);
  const date = findColumn(norm, ['review created (utc)', 'review created', 'review date', 'created at']);
  const text = [
    findColumn(norm, ['review title']),
    findColumn(norm, ['review content', 'review text', 'review body']),
  ].filter((i) => i >= 0);
  const stars = findColumn(norm, ['review stars', 'stars', 'rating']);
  const customer = findColumn(norm, ['review consumer user id', 'consumer id', 'consumer user id']);
  const language = findColumn(norm, ['review language', 'language']);
  const location = findColumn(norm, ['location name', 'location']);
  const segments = pickSegmentColumns(headers).filter((s) => s.index !== stars);
  if (location >= 0) segments.push({ key: 'location', index: location });
  noteLayout(head, 'Trustpilot', {
    id: [id],
    date: [date],
    text,
    rating: [stars],
    customer: [customer],
    segment: segments.map((s) => s.index),
  });
  return (fields, record) =>
    finishRecord({
      record,
      source: 'trustpilot',
      id: cell(fields, id),
      idRequired: id >= 0,
      date: parseDate(cell(fields, date), { zone: 'UTC' }),
      text: joinCells(fields, text),
      rating: parseRating(cell(fields, stars), 'stars5'),
      channel: 'review',
      ...respondentFields(head, fields, { customer, segments, language }),
      textLabel: 'Review Content',
    });
}

export const trustpilot: CsvFormat = oneHeaderRowFormat({
  name: 'trustpilot',
  source: 'trustpilot',
  matchesHeader: (norm) =>
    norm.includes('reviewcreatedutc') || (norm.includes('reviewstars') && norm.includes('reviewcontent')),
  prepare: prepareTrustpilot,
});
