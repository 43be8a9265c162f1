// CSV records over decoded text: csv-parse's streaming API, with its errors mapped to file errors.
import { pipeline, Readable } from 'node:stream';
import { type CsvError, type Options, parse } from 'csv-parse';
import { FileRejectedError } from './types.js';

export const DEFAULT_MAX_RECORD_CHARS = 1024 * 1024;

function parserOptions(delimiter: string, maxRecordChars: number): Options {
  return {
    delimiter,
    bom: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: maxRecordChars,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  };
}

/** Picks the delimiter from the header line: the most frequent of `,` `;` TAB outside quotes. */
export function sniffDelimiter(headText: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of headText) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** The first `limit` records of the head text; a truncated or broken tail is ignored here. */
export function parseHeadRecords(headText: string, delimiter: string, limit: number): Promise<string[][]> {
  return new Promise((resolve) => {
    const records: string[][] = [];
    const parser = parse({ ...parserOptions(delimiter, DEFAULT_MAX_RECORD_CHARS), to: limit });
    parser.on('data', (r: string[]) => records.push(r));
    parser.on('error', () => resolve(records));
    parser.on('end', () => resolve(records));
    parser.end(headText);
  });
}

export interface CsvReadOptions {
  delimiter: string;
  maxRecordChars?: number;
}

/** Streams records (arrays of fields) from text chunks; structural problems become FileRejectedError. */
export async function* readCsvRecords(
  text: AsyncIterable<string>,
  options: CsvReadOptions,
): AsyncGenerator<string[]> {
  const maxChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  const parser = parse(parserOptions(options.delimiter, maxChars));
  // pipeline (not pipe) so that a decoding error of the source ends the parser with that error.
  pipeline(Readable.from(text), parser, () => {});
  let count = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      count++;
      yield record;
    }
  } catch (error) {
    throw toFileError(error, count, maxChars);
  }
}

function toFileError(error: unknown, recordsRead: number, maxChars: number): Error {
  if (error instanceof FileRejectedError) return error;
  const csv = error as Partial<CsvError> & { lines?: number };
  const line = typeof csv.lines === 'number' ? csv.lines : undefined;
  const after = `after record ${recordsRead} (counting header rows)`;
  switch (csv.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new FileRejectedError(
        'unterminated_quote',
        `A quoted field opened ${after} is never closed; the rows after it cannot be trusted.`,
        line,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new FileRejectedError(
        'malformed_quote',
        `A closing quote ${after} is followed by other characters; double the quote ("") inside quoted fields.`,
        line,
      );
    case 'CSV_MAX_RECORD_SIZE':
      return new FileRejectedError(
        'record_too_large',
        `A record ${after} is over the ${maxChars}-character limit (often an unbalanced quote).`,
        line,
      );
    default:
      if (error instanceof Error && 'code' in error && String(csv.code).startsWith('CSV_')) {
        return new FileRejectedError(
          'malformed_csv',
          `The CSV cannot be read ${after}: ${error.message}`,
          line,
        );
      }
      return error instanceof Error ? error : new Error(String(error));
  }
}
