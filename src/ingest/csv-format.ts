// What a CSV export format adapter provides: a header signature and a pure row mapper.
import type { RatingScale } from '../domain.js';
import type { ColumnRole, PlannedColumn } from './column-profile.js';
import { normalizeHeader, readSegment, type SegmentColumn } from './columns.js';
import { type DateOptions, type DateResult, inferDayFirst, parseDate } from './dates.js';
import { FileRejectedError, type ParseEvent, type ParseOptions } from './types.js';

export interface CsvHead {
  /** The header rows of the layout (1 to 3). */
  headers: string[][];
  /** Up to a few dozen data rows from the start of the file, for inferring scales and date order. */
  sample: string[][];
  delimiter: string;
  options: ParseOptions;
  /** The column plan the adapter fills as it chooses columns (`ingest --dry-run --json` prints it). */
  plan: PlannedColumn[];
}

/** Maps one data record (already checked for field count) to its events (one per open question). */
export type RowMapper = (fields: string[], record: number) => ParseEvent | ParseEvent[];

/** Records in the plan what a column became and why (a column named twice keeps its first role). */
export function noteColumn(
  head: CsvHead,
  column: number,
  role: ColumnRole,
  why: string,
  header = head.headers[0]?.[column] ?? '',
): void {
  if (column < 0 || head.plan.some((c) => c.column === column)) return;
  head.plan.push({ column, header, role, why });
  head.plan.sort((a, b) => a.column - b.column);
}

/** Records the columns a fixed layout reads (Freshdesk, Zendesk, Play, Trustpilot). */
export function noteLayout(
  head: CsvHead,
  layout: string,
  roles: Partial<Record<ColumnRole, number[]>>,
): void {
  for (const [role, columns] of Object.entries(roles) as [ColumnRole, number[]][])
    for (const c of columns) noteColumn(head, c, role, `the ${layout} layout`);
}

/**
 * How each record's date is read: from the first filled of the date columns (Typeform has three),
 * or `--received-at` for every record. Without either, ONE file-level error names the fix instead
 * of one rejected record per row.
 */
export function dateReader(
  head: CsvHead,
  columns: number | readonly number[],
  options: DateOptions,
  layout: string,
): (fields: readonly string[]) => DateResult {
  const fixed = head.options.receivedAt;
  if (fixed !== undefined) {
    const date = parseDate(fixed, { zone: 'UTC' });
    if (!date.ok)
      throw new FileRejectedError('invalid_received_at', `--received-at ${fixed}: ${date.reason}.`);
    return () => date;
  }
  const indexes = [columns].flat().filter((i) => i >= 0);
  if (indexes.length === 0) {
    throw new FileRejectedError(
      'missing_date',
      `This ${layout} file has no date column, so no record can be dated. Name the column holding the date ` +
        'with --date-column NAME, or give every record one date with --received-at DATE (e.g. the day of the export).',
      1,
    );
  }
  return (fields) => parseDate(indexes.map((i) => cell(fields, i)).find((v) => v !== '') ?? '', options);
}

export interface CsvFormat {
  name: string;
  /** Default FeedbackInput.source. */
  source: string;
  /** Whether the first rows of a file carry this format's header signature. */
  matches(rows: readonly string[][]): boolean;
  /** How many header rows precede record 1. */
  headerRowCount(rows: readonly string[][]): number;
  /** Finds the columns once per file; throws FileRejectedError when a required one is missing. */
  prepare(head: CsvHead): RowMapper;
}

/** Normalised header names of one row. */
export function normalizeRow(row: readonly string[] | undefined): string[] {
  return (row ?? []).map(normalizeHeader);
}

/** Sample values of one column. */
export function columnValues(sample: readonly string[][], index: number): string[] {
  if (index < 0) return [];
  return sample.map((r) => r[index] ?? '').filter((v) => v.trim() !== '');
}

/** Day-first when the flag says so, else when sample dates show it, else for `;`/TAB (European Excel). */
export function chooseDayFirst(head: CsvHead, dateIndex: number): boolean {
  return (
    head.options.columns?.dayFirst ??
    inferDayFirst(columnValues(head.sample, dateIndex)) ??
    (head.delimiter === ';' || head.delimiter === '\t')
  );
}

/**
 * Infers a rating scale from the column name, then sample values: 0..10 with any 0 or value over 5
 * → nps; 1..5 → stars5. Null when the values fit no scale.
 */
export function inferRatingScale(header: string, values: readonly string[]): RatingScale | null {
  const h = normalizeHeader(header);
  if (h.includes('nps') || h.includes('recommend')) return 'nps';
  if (h.includes('csat') || h.includes('satisf')) return 'csat5';
  if (h.includes('star')) return 'stars5';
  const numbers = values.map((v) => Number.parseFloat(v.replace(',', '.'))).filter(Number.isFinite);
  if (numbers.length === 0) return 'stars5';
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  if (min < 0 || max > 10) return null;
  if (min === 0 || max > 5) return 'nps';
  return 'stars5';
}

/** Joins the non-blank cells of the given columns with a newline (title + body, several open questions). */
export function joinCells(fields: readonly string[], indexes: readonly number[]): string {
  let text = '';
  for (const i of indexes) {
    const v = fields[i]?.trim();
    if (v) text = text === '' ? v : `${text}\n${v}`;
  }
  return text;
}

export function cell(fields: readonly string[], index: number): string {
  return index < 0 ? '' : (fields[index] ?? '').trim();
}

/** Where a layout keeps who answered (-1: nowhere) and how it is segmented. */
export interface RespondentColumns {
  customer: number;
  segments: readonly SegmentColumn[];
  /** A column stating the respondent's language; left out where the layout has none. */
  language?: number;
}

/** The draft fields every CSV layout reads alike: customer id, segment, stated language and the raw fields. */
export function respondentFields(head: CsvHead, fields: readonly string[], columns: RespondentColumns) {
  return {
    customerId: cell(fields, columns.customer) || null,
    segment: readSegment(fields, columns.segments, head.options.segment),
    ...(columns.language === undefined ? {} : { statedLanguage: cell(fields, columns.language) || null }),
    raw: fields,
  };
}

/** A layout with one header row, recognised by that row's normalised names. */
export function oneHeaderRowFormat(format: {
  name: string;
  source: string;
  matchesHeader: (norm: string[]) => boolean;
  prepare: (head: CsvHead) => RowMapper;
}): CsvFormat {
  return {
    name: format.name,
    source: format.source,
    matches: (rows) => format.matchesHeader(normalizeRow(rows[0])),
    headerRowCount: () => 1,
    prepare: format.prepare,
  };
}
