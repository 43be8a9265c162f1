// A JSON export as a stream of parse events: whole document or JSON Lines → format mapper → dedupe.

import { DEFAULT_MAX_RECORD_CHARS } from './csv-records.js';
import type { ByteSource, Encoding } from './decode.js';
import { decodeChunks } from './decode.js';
import type { JsonFormat } from './json-format.js';
import {
  DEFAULT_MAX_JSON_CHARS,
  type JsonRecord,
  parseJsonDocument,
  readAllText,
  readJsonLines,
  unwrapRecords,
} from './json-records.js';
import { asObject, jsonDepth } from './json-values.js';
import { dropDuplicates, rejectRecord } from './records.js';
import { SeenIds } from './seen-ids.js';
import { FileRejectedError, type ParseEvent, type ParseOptions } from './types.js';

/** Deeper records are hostile or broken: export formats nest a few levels at most. */
const MAX_JSON_DEPTH = 64;

/** Records of a JSON file: from the whole document (read once) or streamed JSON Lines. */
export async function* readJsonRecords(
  bytes: ByteSource,
  encoding: Encoding,
  lines: boolean,
  options: ParseOptions,
): AsyncGenerator<JsonRecord> {
  const text = decodeChunks(bytes.readChunks(), encoding, options.maxBytes);
  if (lines) {
    for await (const r of readJsonLines(text, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_CHARS)) {
      if (!r.ok) yield r;
      else for (const value of unwrapRecords(r.value)) yield { ok: true, value };
    }
    return;
  }
  const doc = parseJsonDocument(await readAllText(text, options.maxBytes ?? DEFAULT_MAX_JSON_CHARS));
  for (const value of unwrapRecords(doc)) yield { ok: true, value };
}

export async function* readJsonEvents(
  records: AsyncIterable<JsonRecord>,
  format: JsonFormat,
  options: ParseOptions,
): AsyncGenerator<ParseEvent> {
  const maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
  const seen = new SeenIds();
  let record = 0;
  for await (const r of records) {
    record++;
    if (record > maxRecords) {
      throw new FileRejectedError('too_many_records', `The file has more than ${maxRecords} records.`);
    }
    if (!r.ok) {
      yield rejectRecord(record, null, 'invalid_json', `The line is not valid JSON: ${r.reason}.`, [
        r.excerpt,
      ]);
      continue;
    }
    const object = asObject(r.value);
    if (!object) {
      yield rejectRecord(
        record,
        null,
        'invalid_record',
        `The record is ${JSON.stringify(r.value)?.slice(0, 40)}, not a JSON object.`,
      );
      continue;
    }
    if (jsonDepth(object) > MAX_JSON_DEPTH) {
      yield rejectRecord(
        record,
        null,
        'too_deep',
        `The record nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep; no export format does.`,
      );
      continue;
    }
    for (const event of dropDuplicates(format.map(object, record, options), record, seen)) yield event;
  }
  if (record === 0) throw new FileRejectedError('no_data_rows', 'The JSON export holds no records.');
}
