// Qualtrics Data & Analysis CSV/TSV: row 1 internal names, row 2 (possibly localised) labels,
// row 3 `{"ImportId":…,"timeZone":…}` JSON. Legacy exports: V1…, two header rows.
import { findColumn, pickSegmentColumns, readSegment } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  columnValues,
  inferRatingScale,
  joinCells,
  normalizeRow,
  type RowMapper,
} from '../csv-format.js';
import { isKnownZone, parseDate } from '../dates.js';
import { finishRecord, parseRating } from '../records.js';
import { FileRejectedError } from '../types.js';

const RECOMMEND = /recommend|empfehl|recomend|recommand|raccomand|aanbevelen|likely|wahrscheinlich/i;

function importInfo(cellText: string | undefined): { importId: string; timeZone?: string } | null {
  if (!cellText?.trim().startsWith('{')) return null;
  try {
    const parsed = JSON.parse(cellText) as { ImportId?: unknown; timeZone?: unknown };
    if (typeof parsed.ImportId !== 'string') return null;
    return typeof parsed.timeZone === 'string'
      ? { importId: parsed.ImportId, timeZone: parsed.timeZone }
      : { importId: parsed.ImportId };
  } catch {
    return null;
  }
}

function isLegacy(rows: readonly string[][]): boolean {
  return rows[0]?.[0]?.trim() === 'V1' && normalizeRow(rows[1]).includes('responseid');
}

/** Legacy exports name columns in row 2; current ones in row 1. */
function namesOf(head: CsvHead): string[] {
  return (isLegacy(head.headers) ? head.headers[1] : head.headers[0]) ?? [];
}

function findRating(names: readonly string[], labels: readonly string[]): number {
  const byName = names.findIndex((n) => /nps/i.test(n) && !/nps_group/i.test(n));
  if (byName >= 0) return byName;
  return labels.findIndex((l, i) => RECOMMEND.test(l) && !/_TEXT$|nps_group/i.test(names[i] ?? ''));
}

function findTextColumns(names: readonly string[], imports: readonly string[]): number[] {
  return names.flatMap((n, i) => (/_TEXT$/i.test(n) || /_TEXT$/i.test(imports[i] ?? '') ? [i] : []));
}

function prepareQualtrics(head: CsvHead): RowMapper {
  const names = namesOf(head);
  const labels = isLegacy(head.headers) ? (head.headers[0] ?? []) : (head.headers[1] ?? []);
  const infos = (head.headers[2] ?? []).map(importInfo);
  const norm = normalizeRow(names);
  const id = findColumn(norm, ['responseid']);
  const date = findColumn(norm, ['recordeddate', 'enddate', 'startdate']);
  const text = findTextColumns(
    names,
    infos.map((i) => i?.importId ?? ''),
  );
  if (text.length === 0) {
    throw new FileRejectedError(
      'missing_column',
      'No free-text (`…_TEXT`) question column in this Qualtrics export.',
      1,
    );
  }
  const zone = infos[date]?.timeZone ?? 'UTC';
  if (!isKnownZone(zone)) {
    throw new FileRejectedError(
      'unknown_time_zone',
      `Row 3 names the time zone "${zone}", which is not a known zone.`,
      3,
    );
  }
  const rating = findRating(names, labels);
  const scale =
    rating < 0
      ? null
      : inferRatingScale(
          RECOMMEND.test(labels[rating] ?? '') ? 'nps' : (names[rating] ?? ''),
          columnValues(head.sample, rating),
        );
  const language = findColumn(norm, ['userlanguage']);
  const customer = findColumn(norm, ['recipientemail', 'externalreference', 'externaldatareference']);
  const segments = pickSegmentColumns(names);
  return (fields, record) =>
    finishRecord({
      record,
      source: 'qualtrics',
      id: cell(fields, id),
      idRequired: true,
      date: parseDate(cell(fields, date), { zone }),
      text: joinCells(fields, text),
      rating: parseRating(cell(fields, rating), scale),
      channel: 'survey',
      customerId: cell(fields, customer) || null,
      segment: readSegment(fields, segments, head.options.segment),
      statedLanguage: cell(fields, language) || null,
      raw: fields,
      textLabel: labels[text[0]!] || names[text[0]!],
    });
}

export const qualtrics: CsvFormat = {
  name: 'qualtrics',
  source: 'qualtrics',
  matches: (rows) => rows[2]?.some((c) => importInfo(c) !== null) === true || isLegacy(rows),
  headerRowCount: (rows) => (isLegacy(rows) ? 2 : 3),
  prepare: prepareQualtrics,
};
