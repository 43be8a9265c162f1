// Entry point of ingest: open an export (path or bytes), detect encoding and format, stream events.

import { type CsvHead, noteColumn } from './csv-format.js';
import { parseHeadRecords, sniffDelimiter } from './csv-records.js';
import {
  type ByteSource,
  decodeHead,
  type Encoding,
  type ExportInput,
  openByteSource,
  sniffEncoding,
} from './decode.js';
import { chooseCsvFormat, chooseJsonFormat } from './detect.js';
import { isJsonLines, type JsonRecord } from './json-records.js';
import { readCsvEvents } from './read-csv-export.js';
import { readJsonEvents, readJsonRecords } from './read-json-export.js';
import { keyBySourceName } from './records.js';
import { FileRejectedError, type ParsedExport, type ParseEvent, type ParseOptions } from './types.js';

export type { ExportInput } from './decode.js';
export type { ParsedExport, ParseEvent, ParseOptions, RecordIssue } from './types.js';
export { FileRejectedError } from './types.js';

const HEAD_RECORDS = 64;

/** Opens an export, detects its encoding and format, and returns its records as a lazy event stream. */
export async function openExport(input: ExportInput, options: ParseOptions = {}): Promise<ParsedExport> {
  const bytes = await openByteSource(input);
  if (options.maxBytes !== undefined && bytes.size > options.maxBytes) {
    throw new FileRejectedError(
      'too_large',
      `The file is ${bytes.size} bytes, over the ${options.maxBytes}-byte limit.`,
    );
  }
  const { encoding } = sniffEncoding(bytes.head);
  const headText = decodeHeadOrReject(bytes.head, encoding);
  if (headText.trim() === '') throw new FileRejectedError('empty_file', 'The file holds no text.');
  if (/^\s*[[{]/.test(headText)) return openJsonExport(bytes, encoding, headText, options);
  return openCsvExport(bytes, encoding, headText, options);
}

/** JSON: the first well-formed record decides the format; records read so far are replayed. */
async function openJsonExport(
  bytes: ByteSource,
  encoding: Encoding,
  headText: string,
  options: ParseOptions,
): Promise<ParsedExport> {
  const records = readJsonRecords(bytes, encoding, isJsonLines(headText), options);
  const buffered: JsonRecord[] = [];
  let sample: unknown;
  while (buffered.length < HEAD_RECORDS) {
    const next = await records.next();
    if (next.done) break;
    buffered.push(next.value);
    if (next.value.ok) {
      sample = next.value.value;
      break;
    }
  }
  if (buffered.length === 0) throw new FileRejectedError('no_data_rows', 'The JSON export holds no records.');
  const format = chooseJsonFormat(sample, options.format);
  async function* replay(): AsyncGenerator<JsonRecord> {
    yield* buffered;
    yield* records;
  }
  return {
    format: format.name,
    encoding,
    source: options.sourceName ?? format.source,
    columns: null,
    events: underSourceName(readJsonEvents(replay(), format, options), options.sourceName),
  };
}

function decodeHeadOrReject(head: Buffer, encoding: Encoding): string {
  try {
    return decodeHead(head, encoding);
  } catch {
    throw new FileRejectedError('invalid_utf8', 'The start of the file is not valid text.', 1);
  }
}

async function openCsvExport(
  bytes: ByteSource,
  encoding: Encoding,
  headText: string,
  options: ParseOptions,
): Promise<ParsedExport> {
  const delimiter = sniffDelimiter(headText);
  const rows = await parseHeadRecords(headText, delimiter, HEAD_RECORDS);
  if (rows.length === 0) throw new FileRejectedError('empty_file', 'The file has no header row.', 1);
  const format = chooseCsvFormat(rows, options.format, Boolean(options.columns?.text));
  const headerRows = format.headerRowCount(rows);
  const head: CsvHead = {
    headers: rows.slice(0, headerRows),
    sample: rows.slice(headerRows),
    delimiter,
    options,
    plan: [],
  };
  const mapper = format.prepare(head);
  for (const [column, header] of rows[0]!.entries())
    noteColumn(head, column, 'ignored', 'not read by this layout', header);
  const plan = { format, mapper, headerRows, width: rows[0]!.length, delimiter };
  const generic = format.name === 'generic-csv';
  const events = readCsvEvents(bytes, encoding, plan, options);
  return {
    format: format.name,
    encoding,
    source: options.sourceName ?? format.source,
    columns: head.plan,
    // A generic CSV names its source per row (a `source` column) over the default.
    events: generic ? events : underSourceName(events, options.sourceName),
  };
}

async function* underSourceName(
  events: AsyncIterable<ParseEvent>,
  sourceName: string | undefined,
): AsyncGenerator<ParseEvent> {
  for await (const event of events) {
    yield sourceName && event.kind === 'item'
      ? { ...event, item: keyBySourceName(event.item, sourceName) }
      : event;
  }
}
