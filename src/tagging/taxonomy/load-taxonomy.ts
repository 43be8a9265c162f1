// Reading a taxonomy file: JSON parse errors and schema errors both name the line of the file. A file that
// `extends` a preset or another file is resolved here, up its chain (reading files is start-up, not tagging).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { extendTaxonomy } from './extend-taxonomy.js';
import { isPresetName, PRESET_NAMES, PRESET_PREFIX } from './preset-names.js';
import { defaultTaxonomy, presetText } from './presets.js';
import { type Taxonomy, type TaxonomyOverlay, taxonomyOverlaySchema, taxonomySchema } from './schema.js';

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

/** Parses and validates one taxonomy file's text, without following `extends`. */
function parseTaxonomyFile(text: string, source: string): Taxonomy | TaxonomyOverlay {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const { line, column } = locate(text, position ? Number(position[1]) : text.length);
    throw new TaxonomyError(`${source}:${line}:${column}: invalid JSON: ${message}`);
  }
  const extending = typeof raw === 'object' && raw !== null && 'extends' in raw;
  const parsed = (extending ? taxonomyOverlaySchema : taxonomySchema).safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => describeIssue(text, source, issue));
    throw new TaxonomyError(`invalid taxonomy (fix these and load it again):\n${lines.join('\n')}`);
  }
  assertUniqueRuleIds(parsed.data, source);
  return parsed.data;
}

/**
 * Parses and validates taxonomy JSON text, following `extends` (a path relative to the file `source` names);
 * `source` names the file in error messages.
 */
export function parseTaxonomy(text: string, source = 'taxonomy'): Taxonomy {
  return resolveParsed(parseTaxonomyFile(text, source), source, [path.resolve(source)]);
}

function resolveParsed(parsed: Taxonomy | TaxonomyOverlay, source: string, chain: string[]): Taxonomy {
  if (parsed.extends === undefined) return parsed as Taxonomy;
  return extendTaxonomy(resolveRef(parsed.extends, source, chain), parsed as TaxonomyOverlay);
}

const presets = new Map<string, Taxonomy>();
const presetList = () => PRESET_NAMES.map((n) => `${PRESET_PREFIX}${n}`).join(', ');

/** `preset:NAME`, or a taxonomy file path relative to the file `from` (the working directory for none). */
function resolveRef(ref: string, from: string | null, chain: readonly string[]): Taxonomy {
  const preset = ref.startsWith(PRESET_PREFIX) ? ref.slice(PRESET_PREFIX.length) : null;
  const dir = from === null || from.startsWith(PRESET_PREFIX) ? '.' : path.dirname(from);
  const key = preset === null ? path.resolve(dir, ref) : `${PRESET_PREFIX}${preset}`;
  const asked = from === null ? '' : `${from}: extends "${ref}": `;
  if (chain.includes(key))
    throw new TaxonomyError(
      `${asked}taxonomies extend each other in a circle (${[...chain, key].join(' → ')}); ` +
        'one of them must extend a preset or list all its rules',
    );
  if (preset !== null) {
    if (!isPresetName(preset))
      throw new TaxonomyError(`${asked}unknown preset "${preset}"; the presets are ${presetList()}`);
    if (preset === 'general') return defaultTaxonomy;
    const cached = presets.get(preset);
    if (cached !== undefined) return cached;
    const taxonomy = resolveParsed(parseTaxonomyFile(presetText(preset), key), key, [...chain, key]);
    presets.set(preset, taxonomy);
    return taxonomy;
  }
  let text: string;
  try {
    text = readFileSync(key, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    const hint =
      from === null ? `; give the path of a taxonomy JSON file, "default" or one of ${presetList()}` : '';
    throw new TaxonomyError(`${asked}cannot read the taxonomy file ${key} (${code})${hint}`);
  }
  // Messages name a file as the user wrote it (PAINMAP_TAXONOMY), or by its full path when another names it.
  const shown = from === null ? ref : key;
  return resolveParsed(parseTaxonomyFile(text, shown), shown, [...chain, key]);
}

/** The taxonomy a `PAINMAP_TAXONOMY` value names: `preset:NAME`, or a taxonomy file (which may extend one). */
export function resolveTaxonomy(ref: string): Taxonomy {
  return resolveRef(ref, null, []);
}

function assertUniqueRuleIds(taxonomy: Taxonomy | TaxonomyOverlay, source: string): void {
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

/** Reads a taxonomy file and what it extends (synchronously: this is start-up, not the tagging path). */
export function loadTaxonomy(file: string): Taxonomy {
  return parseTaxonomy(readFileSync(file, 'utf8'), file);
}
