// What a JSON export format adapter provides: a record signature and a pure record mapper.
import type { JsonObject } from './json-values.js';
import type { ParseEvent, ParseOptions } from './types.js';

export interface JsonFormat {
  name: string;
  source: string;
  /** Whether one record (an array element or a JSON line) has this format's shape. */
  matches(record: JsonObject): boolean;
  /** One record → its events (a ticket may also yield its CSAT comment as a second item). */
  map(record: JsonObject, recordNumber: number, options: ParseOptions): ParseEvent[];
}
