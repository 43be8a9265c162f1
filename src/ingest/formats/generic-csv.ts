// Generic survey CSV: columns found by header name (alias lists), or named by column flags.
import type { RatingScale } from '../../domain.js';
import {
  assertUniqueHeaders,
  findColumn,
  findColumnByPrefix,
  pickSegmentColumns,
  readSegment,
  requireFlagColumn,
} from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  chooseDayFirst,
  columnValues,
  inferRatingScale,
  joinCells,
  normalizeRow,
  type RowMapper,
} from '../csv-format.js';
import { parseDate } from '../dates.js';
import { finishRecord, parseRating, rejectRecord } from '../records.js';
import { FileRejectedError } from '../types.js';

export const ID_ALIASES = [
  'id',
  'response id',
  'respondent id',
  'external id',
  'ticket id',
  'review id',
  'feedback id',
  'record id',
  'uuid',
];
export const TEXT_ALIASES = [
  'text',
  'comment',
  'comments',
  'feedback',
  'feedback text',
  'review',
  'review text',
  'review body',
  'answer',
  'message',
  'body',
  'verbatim',
  'response',
  'open ended response',
  'free text',
  'content',
  'remarks',
  'suggestions',
  'customer comment',
  'customer feedback',
];
/** Question titles that start like an open question hold free text too. */
export const TEXT_QUESTION_PREFIXES = [
  'what could we improve',
  'what can we improve',
  'how can we improve',
  'how could we improve',
  'what could we do better',
  'anything else',
  'tell us',
  'please tell us',
  'why did you',
  'what is the main reason',
  "what's the main reason",
  'comments',
  'feedback',
  'suggestions',
];

/** The text column: an exact alias first, then a question title starting like an open question. */
export function findTextColumn(norm: readonly string[]): number {
  const exact = findColumn(norm, TEXT_ALIASES);
  return exact >= 0 ? exact : findColumnByPrefix(norm, TEXT_QUESTION_PREFIXES);
}
export const DATE_ALIASES = [
  'date',
  'created_at',
  'created',
  'created at',
  'timestamp',
  'submitted at',
  'submit date',
  'submitted',
  'received_at',
  'received',
  'response date',
  'date submitted',
  'time',
];
export const RATING_ALIASES = [
  'rating',
  'score',
  'nps',
  'nps score',
  'stars',
  'star rating',
  'csat',
  'csat score',
];
const CHANNEL_ALIASES = ['channel', 'via', 'medium'];
const CUSTOMER_ALIASES = [
  'customer id',
  'customer_id',
  'user id',
  'userid',
  'contact id',
  'email',
  'email address',
];
const SOURCE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

interface GenericColumns {
  id: number;
  text: number[];
  date: number;
  rating: number;
  scale: RatingScale | null;
  channel: number;
  customer: number;
  source: number;
}

function findColumns(head: CsvHead): GenericColumns {
  const headers = head.headers[0] ?? [];
  const norm = normalizeRow(headers);
  const flags = head.options.columns ?? {};
  const pick = (flag: string | undefined, name: string, aliases: string[]) =>
    flag ? requireFlagColumn(headers, flag, name) : findColumn(norm, aliases);
  const textFlags = typeof flags.text === 'string' ? [flags.text] : flags.text;
  const text = textFlags?.length
    ? textFlags.map((t) => requireFlagColumn(headers, t, '--text-column'))
    : [findTextColumn(norm)].filter((i) => i >= 0);
  const date = pick(flags.date, '--date-column', DATE_ALIASES);
  if (text.length === 0 || date < 0) throw missingColumns(headers, text.length === 0, date < 0);
  const rating = pick(flags.rating, '--rating-column', RATING_ALIASES);
  const scale =
    rating < 0
      ? null
      : (flags.ratingScale ?? inferRatingScale(headers[rating] ?? '', columnValues(head.sample, rating)));
  if (rating >= 0 && scale === null) {
    throw new FileRejectedError(
      'unknown_rating_scale',
      `The values of "${headers[rating]}" fit no rating scale; pass --rating-scale (stars5, nps, csat5, csat2, scale10).`,
      1,
    );
  }
  return {
    id: pick(flags.id, '--id-column', ID_ALIASES),
    text,
    date,
    rating,
    scale,
    channel: pick(flags.channel, '--channel-column', CHANNEL_ALIASES),
    customer: pick(flags.customer, '--customer-column', CUSTOMER_ALIASES),
    source: findColumn(norm, ['source']),
  };
}

function missingColumns(headers: readonly string[], noText: boolean, noDate: boolean): FileRejectedError {
  const missing = [noText ? 'a text column' : '', noDate ? 'a date column' : '']
    .filter(Boolean)
    .join(' and ');
  return new FileRejectedError(
    'missing_column',
    `No ${missing} found among: ${headers.join(', ')}. Name them with --text-column / --date-column ` +
      `(text columns are recognised as ${TEXT_ALIASES.slice(0, 8).join(', ')}…; dates as ${DATE_ALIASES.slice(0, 5).join(', ')}…).`,
    1,
  );
}

function prepareGeneric(head: CsvHead): RowMapper {
  const headers = head.headers[0] ?? [];
  assertUniqueHeaders(headers);
  const cols = findColumns(head);
  const roles = new Set([
    cols.id,
    cols.date,
    cols.rating,
    cols.channel,
    cols.customer,
    cols.source,
    ...cols.text,
  ]);
  const segments = pickSegmentColumns(headers, head.options.columns?.segments).filter(
    (s) => !roles.has(s.index),
  );
  const dateOptions = { dayFirst: chooseDayFirst(head, cols.date) };
  const defaultSource = head.options.sourceName ?? 'survey';
  const textLabel = headers[cols.text[0] ?? -1];
  const languageIndex = segments.find((s) => s.key === 'language')?.index ?? -1;
  return (fields, record) => {
    const source = cell(fields, cols.source) || defaultSource;
    if (!SOURCE_NAME.test(source)) {
      const reason = `The source "${source.slice(0, 40)}" is not a valid source name (lower-case letters, digits, _ and -).`;
      return rejectRecord(record, cell(fields, cols.id) || null, 'invalid_source', reason, fields);
    }
    return finishRecord({
      record,
      source,
      id: cols.id < 0 ? null : cell(fields, cols.id),
      idRequired: cols.id >= 0,
      date: parseDate(cell(fields, cols.date), dateOptions),
      text: joinCells(fields, cols.text),
      rating: parseRating(cell(fields, cols.rating), cols.scale),
      channel: cell(fields, cols.channel) || null,
      customerId: cell(fields, cols.customer) || null,
      segment: readSegment(fields, segments, head.options.segment),
      statedLanguage: cell(fields, languageIndex) || null,
      raw: fields,
      textLabel,
    });
  };
}

export const genericCsv: CsvFormat = {
  name: 'generic-csv',
  source: 'survey',
  matches: (rows) => {
    const norm = normalizeRow(rows[0]);
    return findTextColumn(norm) >= 0;
  },
  headerRowCount: () => 1,
  prepare: prepareGeneric,
};
