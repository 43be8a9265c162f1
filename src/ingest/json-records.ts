// JSON exports as records: a JSON document (array, API page or pages) read whole up to a cap,
// or JSON Lines streamed one line per record.

import { asObject } from './json-values.js';
import { FileRejectedError } from './types.js';

/** Keys under which API pages hold their records. */
const LIST_KEYS = [
  'tickets',
  'conversations',
  'survey_responses',
  'data',
  'reviews',
  'results',
  'items',
  'responses',
];

export const DEFAULT_MAX_JSON_CHARS = 256 * 1024 * 1024;

export type JsonRecord = { ok: true; value: unknown } | { ok: false; reason: string; excerpt: string };

/** A document is JSON Lines when its first line is a whole JSON value and another line follows. */
export function isJsonLines(headText: string): boolean {
  const lines = headText.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return false;
  try {
    JSON.parse(lines[0]!);
    return lines[1]!.trim().startsWith('{');
  } catch {
    return false;
  }
}

/** Records of one parsed value: an array's elements, a page's list, or the value itself. */
export function unwrapRecords(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => pageList(v) ?? [v]);
  return pageList(value) ?? [value];
}

function pageList(value: unknown): unknown[] | null {
  const o = asObject(value);
  if (!o) return null;
  for (const key of LIST_KEYS) {
    const list = o[key];
    if (Array.isArray(list)) return list;
  }
  return null;
}

/** Parses a whole JSON document; a syntax error rejects the file with its line. */
export function parseJsonDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = errorOffset(text, message);
    const line = offset === null ? undefined : text.slice(0, offset).split('\n').length;
    throw new FileRejectedError('invalid_json', `The JSON cannot be parsed: ${message}`, line);
  }
}

/** Reads the whole decoded text, refusing to hold more than `maxChars`. */
export async function readAllText(chunks: AsyncIterable<string>, maxChars: number): Promise<string> {
  const parts: string[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > maxChars) {
      throw new FileRejectedError(
        'too_large',
        `A JSON document over ${maxChars} characters is not read whole; export JSON Lines instead.`,
      );
    }
    parts.push(chunk);
  }
  return parts.join('');
}

/** Streams JSON Lines: one record per non-blank line; a bad line is a rejected record, not a file error. */
export async function* readJsonLines(
  chunks: AsyncIterable<string>,
  maxLineChars: number,
): AsyncGenerator<JsonRecord> {
  let carry = '';
  for await (const chunk of chunks) {
    carry += chunk;
    let start = 0;
    for (let nl = carry.indexOf('\n'); nl >= 0; nl = carry.indexOf('\n', start)) {
      const line = carry.slice(start, nl);
      start = nl + 1;
      if (line.trim() !== '') yield parseLine(line);
    }
    carry = carry.slice(start);
    if (carry.length > maxLineChars) {
      throw new FileRejectedError(
        'record_too_large',
        `A JSON line is over the ${maxLineChars}-character limit.`,
      );
    }
  }
  if (carry.trim() !== '') yield parseLine(carry);
}

function parseLine(line: string): JsonRecord {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, reason, excerpt: line.slice(0, 200) };
  }
}

/** Where V8's JSON.parse failed: its `position N`, else its quoted context located in the text. */
function errorOffset(text: string, message: string): number | null {
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  const context = /"(?:\.\.\.)?([\s\S]*?)(?:\.\.\.)?" is not valid JSON/.exec(message);
  const token = /Unexpected token '(.)'/.exec(message);
  if (!context?.[1]) return null;
  const at = text.indexOf(context[1]);
  if (at < 0) return null;
  const inContext = token ? context[1].indexOf(token[1]!) : 0;
  return at + Math.max(0, inContext);
}
