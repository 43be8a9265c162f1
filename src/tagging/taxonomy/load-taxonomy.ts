// Reading a taxonomy file: JSON parse errors and schema errors both name the line of the file.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { type Taxonomy, taxonomySchema } from './schema.js';

export class TaxonomyError extends Error {
  override name = 'TaxonomyError';
}

/** 1-based line and column of a char offset. */
function locate(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Char offset of the value at `path` in JSON `text`, found by following keys and array items. */
function findOffset(text: string, path: readonly PropertyKey[]): number {
  let offset = 0;
  for (const key of path) {
    if (typeof key === 'number') {
      const open = text.indexOf('[', offset);
      offset = skipItems(text, open + 1, key);
    } else {
      const at = text.indexOf(JSON.stringify(String(key)), offset);
      if (at < 0) return offset;
      offset = at;
    }
  }
  return offset;
}

/** Offset of the `index`-th item of the array whose items start at `from`. */
function skipItems(text: string, from: number, index: number): number {
  let depth = 0;
  let seen = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) seen++;
    if (seen === index && depth >= 0 && c !== ',' && c !== ' ' && c !== '\n' && c !== '\r') return i;
    if (depth < 0) return i;
  }
  return from;
}

function describeIssue(text: string, source: string, issue: z.core.$ZodIssue): string {
  const { line } = locate(text, findOffset(text, issue.path));
  const where = issue.path.map(String).join('.') || '(root)';
  return `${source}:${line}: ${where}: ${issue.message}`;
}

/** Parses and validates taxonomy JSON text; `source` names the file in error messages. */
export function parseTaxonomy(text: string, source = 'taxonomy'): Taxonomy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const { line, column } = locate(text, position ? Number(position[1]) : text.length);
    throw new TaxonomyError(`${source}:${line}:${column}: invalid JSON: ${message}`);
  }
  const parsed = taxonomySchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => describeIssue(text, source, issue));
    throw new TaxonomyError(`invalid taxonomy (fix these and load it again):\n${lines.join('\n')}`);
  }
  assertUniqueRuleIds(parsed.data, source);
  return parsed.data;
}

function assertUniqueRuleIds(taxonomy: Taxonomy, source: string): void {
  for (const [kind, classes] of [
    ['stages', taxonomy.stages],
    ['touchpoints', taxonomy.touchpoints],
  ] as const) {
    for (const [name, entry] of Object.entries(classes)) {
      const seen = new Set<string>();
      for (const rule of entry?.rules ?? []) {
        if (seen.has(rule.id)) {
          throw new TaxonomyError(`${source}: ${kind}.${name}: rule id "${rule.id}" is used twice`);
        }
        seen.add(rule.id);
      }
    }
  }
}

/** Reads a taxonomy file (synchronously: this is start-up, not the tagging path). */
export function loadTaxonomy(path: string): Taxonomy {
  return parseTaxonomy(readFileSync(path, 'utf8'), path);
}
