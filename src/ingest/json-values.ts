// Defensive readers for untrusted JSON records (wrong types never throw).
import { type DateResult, parseDate, parseEpoch } from './dates.js';

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : null;
}

/** A string or a number as a string; anything else → ''. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A nested value by path: `get(o, 'source', 'author', 'type')`. */
export function get(value: unknown, ...path: string[]): unknown {
  let v: unknown = value;
  for (const key of path) {
    const o = asObject(v);
    if (!o || !Object.hasOwn(o, key)) return undefined;
    v = o[key];
  }
  return v;
}

/** Unix seconds/milliseconds as numbers, or ISO / `YYYY-MM-DD HH:MM:SS` strings (UTC unless stated). */
export function parseJsonDate(value: unknown): DateResult {
  if (typeof value === 'number') return parseEpoch(value);
  if (typeof value === 'string') return parseDate(value, { zone: 'UTC' });
  return { ok: false, code: 'missing_date', reason: 'the date is missing' };
}

/** The deepest nesting of arrays and objects in a parsed JSON value (iterative: no stack to overflow). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}
