// What a CSV export format adapter provides: a header signature and a pure row mapper.
import type { RatingScale } from '../domain.js';
import { normalizeHeader } from './columns.js';
import { inferDayFirst } from './dates.js';
import type { ParseEvent, ParseOptions } from './types.js';

export interface CsvHead {
  /** The header rows of the layout (1 to 3). */
  headers: string[][];
  /** Up to a few dozen data rows from the start of the file, for inferring scales and date order. */
  sample: string[][];
  delimiter: string;
  options: ParseOptions;
}

/** Maps one data record (already checked for field count) to its events. */
export type RowMapper = (fields: string[], record: number) => ParseEvent;

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
