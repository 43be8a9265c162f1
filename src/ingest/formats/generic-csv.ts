// Generic survey CSV: columns named by flags, else found by header name (generic-aliases.ts), else by
// what they hold (column-profile.ts): any language, any order.
import type { RatingScale } from '../../domain.js';
import { finishAnswers, type OpenQuestion, questionKeys } from '../answers.js';
import { columnsOf, type PlannedColumn, planColumns } from '../column-profile.js';
import { assertUniqueHeaders, findColumn, pickSegmentColumns, requireFlagColumn } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  chooseDayFirst,
  columnValues,
  dateReader,
  inferRatingScale,
  normalizeRow,
  noteColumn,
  type RowMapper,
  respondentFields,
} from '../csv-format.js';
import { finishRecord, parseRating, rejectRecord } from '../records.js';
import { FileRejectedError } from '../types.js';
import {
  CHANNEL_ALIASES,
  CUSTOMER_ALIASES,
  DATE_ALIASES,
  findTextColumn,
  ID_ALIASES,
  RATING_ALIASES,
  TEXT_ALIASES,
} from './generic-aliases.js';

const SOURCE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

interface GenericColumns {
  id: number;
  text: OpenQuestion[];
  date: number;
  rating: number;
  scale: RatingScale | null;
  channel: number;
  customer: number;
  source: number;
}

/** A column by flag, else by header alias, else by what the profile says it holds; noted in the plan. */
function chooseColumn(
  head: CsvHead,
  plan: readonly PlannedColumn[],
  role: 'id' | 'date' | 'rating',
  flag: [string | undefined, string],
  aliases: readonly string[],
): number {
  const headers = head.headers[0] ?? [];
  const [value, name] = flag;
  if (value) {
    const i = requireFlagColumn(headers, value, name);
    noteColumn(head, i, role, `named by ${name}`);
    return i;
  }
  const byName = findColumn(normalizeRow(headers), aliases);
  if (byName >= 0) {
    noteColumn(head, byName, role, `its header reads as ${role === 'id' ? 'an id' : `a ${role}`}`);
    return byName;
  }
  const byProfile = plan.find((c) => c.role === role);
  if (byProfile) noteColumn(head, byProfile.column, role, byProfile.why);
  return byProfile?.column ?? -1;
}

function chooseText(head: CsvHead, plan: readonly PlannedColumn[]): OpenQuestion[] {
  const headers = head.headers[0] ?? [];
  const flags = head.options.columns ?? {};
  const named = flags.text === undefined ? [] : [flags.text].flat();
  const byAlias = findTextColumn(normalizeRow(headers));
  const [columns, why] = named.length
    ? [named.map((t) => requireFlagColumn(headers, t, '--text-column')), 'named by --text-column']
    : byAlias >= 0
      ? [[byAlias], 'its header reads as feedback text']
      : [columnsOf(plan, 'text'), ''];
  for (const c of columns) noteColumn(head, c, 'text', why || (plan.find((p) => p.column === c)?.why ?? ''));
  return columns.map((column) => ({ column, title: headers[column] ?? '' }));
}

function findColumns(head: CsvHead): GenericColumns {
  const headers = head.headers[0] ?? [];
  const norm = normalizeRow(headers);
  const flags = head.options.columns ?? {};
  const plan = planColumns(headers, head.sample);
  const text = chooseText(head, plan);
  if (text.length === 0) throw missingText(headers);
  const date = chooseColumn(head, plan, 'date', [flags.date, '--date-column'], DATE_ALIASES);
  const rating = chooseColumn(head, plan, 'rating', [flags.rating, '--rating-column'], RATING_ALIASES);
  const planned = plan.find((c) => c.column === rating && c.role === 'rating')?.scale;
  const scale =
    rating < 0
      ? null
      : (flags.ratingScale ??
        planned ??
        inferRatingScale(headers[rating] ?? '', columnValues(head.sample, rating)));
  if (rating >= 0 && scale === null) {
    throw new FileRejectedError(
      'unknown_rating_scale',
      `The values of "${headers[rating]}" fit no rating scale; pass --rating-scale (stars5, nps, csat5, csat2, scale10).`,
      1,
    );
  }
  const pick = (flag: string | undefined, name: string, aliases: string[]) =>
    flag ? requireFlagColumn(headers, flag, name) : findColumn(norm, aliases);
  const customer = pick(flags.customer, '--customer-column', CUSTOMER_ALIASES);
  noteColumn(head, customer, 'customer', 'its header names the customer');
  return {
    id: chooseColumn(head, plan, 'id', [flags.id, '--id-column'], ID_ALIASES),
    text,
    date,
    rating,
    scale,
    channel: pick(flags.channel, '--channel-column', CHANNEL_ALIASES),
    customer,
    source: findColumn(norm, ['source']),
  };
}

function missingText(headers: readonly string[]): FileRejectedError {
  return new FileRejectedError(
    'missing_column',
    `No a text column found among: ${headers.join(', ')}: no column holds long, varied answers. Name it with ` +
      `--text-column (text columns are recognised as ${TEXT_ALIASES.slice(0, 8).join(', ')}…, or by their answers).`,
    1,
  );
}

/** Columns no role took: what their answers look like, and how to use them. */
function noteUnread(head: CsvHead): void {
  for (const c of planColumns(head.headers[0] ?? [], head.sample)) {
    const copy = c.role === 'segment' ? '; not copied (--segment-column copies it)' : '';
    noteColumn(head, c.column, c.role === 'segment' ? 'segment' : 'ignored', `${c.why}${copy}`);
  }
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
    ...cols.text.map((q) => q.column),
  ]);
  const segments = pickSegmentColumns(headers, head.options.columns?.segments).filter(
    (s) => !roles.has(s.index),
  );
  for (const s of segments) noteColumn(head, s.index, 'segment', `copied into segment.${s.key}`);
  noteUnread(head);
  const readDate = dateReader(head, cols.date, { dayFirst: chooseDayFirst(head, cols.date) }, 'CSV');
  const defaultSource = head.options.sourceName ?? 'survey';
  const keys = questionKeys(cols.text);
  const languageIndex = segments.find((s) => s.key === 'language')?.index ?? -1;
  // A header like `Comment` is not a question: the item keeps it only when it asks one, or there are several.
  const questions = cols.text.length > 1 || /\?\s*$/.test(cols.text[0]!.title) ? cols.text : null;
  return (fields, record) => {
    const source = cell(fields, cols.source) || defaultSource;
    if (!SOURCE_NAME.test(source)) {
      const reason = `The source "${source.slice(0, 40)}" is not a valid source name (lower-case letters, digits, _ and -).`;
      return rejectRecord(record, cell(fields, cols.id) || null, 'invalid_source', reason, fields);
    }
    const draft = {
      record,
      source,
      id: cols.id < 0 ? null : cell(fields, cols.id),
      idRequired: cols.id >= 0,
      date: readDate(fields),
      rating: parseRating(cell(fields, cols.rating), cols.scale),
      channel: cell(fields, cols.channel) || null,
      ...respondentFields(head, fields, { customer: cols.customer, segments, language: languageIndex }),
      textLabel: cols.text[0]!.title,
    };
    if (questions) return finishAnswers(draft, fields, questions, keys);
    return finishRecord({ ...draft, text: cell(fields, cols.text[0]!.column) });
  };
}

export const genericCsv: CsvFormat = {
  name: 'generic-csv',
  source: 'survey',
  matches: (rows) => {
    const norm = normalizeRow(rows[0]);
    if (findTextColumn(norm) >= 0) return true;
    return planColumns(rows[0] ?? [], rows.slice(1)).some((c) => c.role === 'text');
  },
  headerRowCount: () => 1,
  prepare: prepareGeneric,
};
