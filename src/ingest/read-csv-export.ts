// A CSV export as a stream of parse events: decode → csv-parse → per-format row mapper → dedupe.
import type { CsvFormat, RowMapper } from './csv-format.js';
import { readCsvRecords } from './csv-records.js';
import { type ByteSource, decodeChunks, type Encoding } from './decode.js';
import { dropDuplicates, rejectRecord } from './records.js';
import { SeenIds } from './seen-ids.js';
import { FileRejectedError, type ParseEvent, type ParseOptions } from './types.js';

export interface CsvPlan {
  format: CsvFormat;
  mapper: RowMapper;
  headerRows: number;
  width: number;
  delimiter: string;
}

export async function* readCsvEvents(
  bytes: ByteSource,
  encoding: Encoding,
  plan: CsvPlan,
  options: ParseOptions,
): AsyncGenerator<ParseEvent> {
  const text = decodeChunks(bytes.readChunks(), encoding, options.maxBytes);
  const records = readCsvRecords(text, { delimiter: plan.delimiter, maxRecordChars: options.maxRecordBytes });
  const maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
  const seen = new SeenIds();
  let index = 0;
  for await (const fields of records) {
    index++;
    const record = index - plan.headerRows;
    if (record < 1) continue;
    if (record > maxRecords) {
      throw new FileRejectedError('too_many_records', `The file has more than ${maxRecords} records.`);
    }
    if (fields.length !== plan.width) {
      yield fieldCountEvent(fields, record, plan.width);
      continue;
    }
    for (const event of dropDuplicates([plan.mapper(fields, record)].flat(), record, seen)) yield event;
  }
  if (index <= plan.headerRows) {
    throw new FileRejectedError('no_data_rows', 'The file has a header but no data rows.');
  }
}

function fieldCountEvent(fields: string[], record: number, width: number): ParseEvent {
  return rejectRecord(
    record,
    null,
    'field_count',
    `The record has ${fields.length} fields but the header has ${width}; ` +
      'a field with a delimiter or line break must be quoted.',
    fields,
  );
}
