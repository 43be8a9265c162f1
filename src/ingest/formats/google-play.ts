// Google Play Console monthly reviews report (UTF-16LE with BOM). The developer's reply is
// company text and never read; rating-only reviews are skipped with their rating.
import { findColumn } from '../columns.js';
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
import { parseDate, parseEpoch } from '../dates.js';
import { finishRecord, hashId, parseRating } from '../records.js';

/** `…?id=app&reviewid=gp:AOqp…` or `…&reviewId=…` → the review id. */
export function reviewIdFromLink(link: string): string | null {
  const m = /[?&#]reviewid=([^&#\s]+)/i.exec(link);
  return m ? decodeURIComponent(m[1]!) : null;
}

function preparePlay(head: CsvHead): RowMapper {
  const norm = normalizeRow(head.headers[0]);
  const col = (name: string) => findColumn(norm, [name]);
  const millis = col('review submit millis since epoch');
  const when = col('review submit date and time');
  const link = col('review link');
  const text = [col('review title'), col('review text')].filter((i) => i >= 0);
  const stars = col('star rating');
  const language = col('reviewer language');
  const segments = [
    { key: 'app_version', index: col('app version name') },
    { key: 'device', index: col('device') },
    { key: 'language', index: language },
  ].filter((s) => s.index >= 0);
  noteLayout(head, 'Google Play', {
    id: [link],
    date: [millis, when],
    text,
    rating: [stars],
    segment: segments.map((s) => s.index),
  });
  return (fields, record) => {
    const ms = cell(fields, millis);
    const date = /^\d+$/.test(ms) ? parseEpoch(Number(ms)) : parseDate(cell(fields, when));
    const body = joinCells(fields, text);
    const id = reviewIdFromLink(cell(fields, link));
    return finishRecord({
      record,
      source: 'google-play',
      id:
        id ?? (body === '' && date.ok ? hashId(['google-play', date.iso, cell(fields, 0), ...fields]) : null),
      idRequired: true,
      date,
      text: body,
      rating: parseRating(cell(fields, stars), 'stars5'),
      channel: 'app_review',
      ...respondentFields(head, fields, { customer: -1, segments, language }),
      textLabel: 'Review Text',
    });
  };
}

export const googlePlay: CsvFormat = oneHeaderRowFormat({
  name: 'google-play',
  source: 'google-play',
  matchesHeader: (norm) => norm.includes('packagename') && norm.includes('starrating'),
  prepare: preparePlay,
});
