// Pure: a table → CSV text (RFC 4180, via csv-stringify), safe to open in a spreadsheet: a text cell
// that starts with = + - @ (or a tab or carriage return) gets a leading ' so it is never run as a
// formula. Numbers stay numbers (-0.5 is not a formula); null is an empty cell.
import { stringify } from 'csv-stringify/sync';

export type CsvValue = string | number | boolean | null;

export interface CsvTable {
  head: readonly string[];
  rows: ReadonlyArray<readonly CsvValue[]>;
}

/** A text cell a spreadsheet would run as a formula, with a leading ' (the OWASP advice). */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const OPTIONS = {
  cast: {
    string: guardFormula,
    boolean: (value: boolean) => String(value),
    number: (value: number) => String(value),
  },
  eof: false,
} as const;

/** The table as CSV: a header line, then one line per row (no newline after the last). */
export function toCsv(table: CsvTable): string {
  return stringify([table.head as string[], ...(table.rows as CsvValue[][])], OPTIONS);
}

/** One cell as CSV. */
export function csvCell(value: CsvValue): string {
  return stringify([[value]], OPTIONS);
}
