// Header matching: NFC, case-, space-, underscore- and punctuation-insensitive, by alias lists.
import { FileRejectedError } from './types.js';

/** `Submit Date (UTC)` → `submitdateutc`; `Response ID` → `responseid`. */
export function normalizeHeader(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}#]+/gu, '');
}

/** Index of the first header equal (normalised) to one of the aliases, in alias order; -1 if none. */
export function findColumn(normalized: readonly string[], aliases: readonly string[]): number {
  for (const alias of aliases) {
    const i = normalized.indexOf(normalizeHeader(alias));
    if (i >= 0) return i;
  }
  return -1;
}

/** Like findColumn, but a header that starts with an alias also matches (question titles). */
export function findColumnByPrefix(normalized: readonly string[], prefixes: readonly string[]): number {
  const exact = findColumn(normalized, prefixes);
  if (exact >= 0) return exact;
  for (const p of prefixes) {
    const np = normalizeHeader(p);
    const i = normalized.findIndex((h) => h.startsWith(np));
    if (i >= 0) return i;
  }
  return -1;
}

/** A column named by a flag must exist: the error lists the headers found. */
export function requireFlagColumn(headers: readonly string[], name: string, flag: string): number {
  const i = headers.map(normalizeHeader).indexOf(normalizeHeader(name));
  if (i < 0) {
    throw new FileRejectedError(
      'missing_column',
      `${flag} "${name}" is not a column of this file; its columns are: ${headers.join(', ')}.`,
      1,
    );
  }
  return i;
}

/** Rejects the file when a header name repeats (a column would be silently shadowed). */
export function assertUniqueHeaders(headers: readonly string[], only?: ReadonlySet<number>): void {
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const n = normalizeHeader(h);
    if (n === '') return;
    const before = seen.get(n);
    if (before !== undefined && (!only || only.has(i) || only.has(before))) {
      throw new FileRejectedError(
        'duplicate_header',
        `The header "${h}" appears twice (columns ${before + 1} and ${i + 1}); rename one so no column is lost.`,
        1,
      );
    }
    seen.set(n, i);
  });
}

/** Segment keys and the header names that carry them. */
const SEGMENT_ALIASES: ReadonlyArray<[string, string[]]> = [
  ['plan', ['plan', 'plan name', 'subscription plan', 'subscription']],
  ['tier', ['tier', 'customer tier']],
  ['region', ['region']],
  [
    'store',
    [
      'store',
      'shop',
      'branch',
      'magasin',
      'boutique',
      'tienda',
      'sucursal',
      'filiale',
      'geschäft',
      'negozio',
      'loja',
    ],
  ],
  ['country', ['country', 'country code', 'territory']],
  ['persona', ['persona']],
  ['segment', ['segment', 'customer segment']],
  ['device', ['device', 'device type', 'device model']],
  ['platform', ['platform', 'os']],
  ['app_version', ['app version', 'app_version', 'version', 'app version name']],
  ['language', ['language', 'locale', 'user language', 'reviewer language', 'review language']],
];

export interface SegmentColumn {
  key: string;
  index: number;
}

/** Segment columns among the headers, plus the ones named by `--segment` flags. */
export function pickSegmentColumns(
  headers: readonly string[],
  extra: readonly string[] = [],
): SegmentColumn[] {
  const normalized = headers.map(normalizeHeader);
  const picked: SegmentColumn[] = [];
  const used = new Set<number>();
  for (const [key, aliases] of SEGMENT_ALIASES) {
    const i = findColumn(normalized, aliases);
    if (i >= 0 && !used.has(i)) {
      picked.push({ key, index: i });
      used.add(i);
    }
  }
  for (const name of extra) {
    const i = requireFlagColumn(headers, name, '--segment');
    if (!used.has(i)) picked.push({ key: toSegmentKey(name), index: i });
    used.add(i);
  }
  return picked;
}

/** `App Version` → `app_version`. */
export function toSegmentKey(name: string): string {
  return (
    name
      .normalize('NFC')
      .toLowerCase()
      .replace(/\s*\[[^\]]*\]\s*$/, '')
      .replace(/[^\p{L}\p{N}]+/gu, '_')
      .replace(/^_+|_+$/g, '') || 'segment'
  );
}

/** Reads segment values of one row, over the defaults. */
export function readSegment(
  fields: readonly string[],
  columns: readonly SegmentColumn[],
  defaults: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const segment: Record<string, string> = defaults ? { ...defaults } : {};
  for (const { key, index } of columns) {
    const v = fields[index]?.trim();
    if (v) segment[key] = v;
  }
  return segment;
}

/** Segment values from a JSON object of attributes (Delighted person_properties, Intercom custom_attributes). */
export function segmentFromObject(
  attributes: unknown,
  defaults: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const segment: Record<string, string> = defaults ? { ...defaults } : {};
  if (!attributes || typeof attributes !== 'object') return segment;
  const entries = Object.entries(attributes as Record<string, unknown>);
  const names = entries.map(([k]) => k);
  for (const col of pickSegmentColumns(names)) {
    const v = entries[col.index]?.[1];
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number')
      segment[col.key] = String(v).trim();
  }
  return segment;
}
