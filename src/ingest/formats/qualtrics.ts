// Qualtrics Data & Analysis CSV/TSV: row 1 internal names, row 2 (possibly localised) labels,
// row 3 `{"ImportId":…,"timeZone":…}` JSON. Legacy exports: V1…, two header rows.
import { type OpenQuestion, questionKeys } from '../answers.js';
import { findColumn, pickSegmentColumns } from '../columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  columnValues,
  dateReader,
  inferRatingScale,
  normalizeRow,
  noteColumn,
  type RowMapper,
} from '../csv-format.js';
import { isKnownZone } from '../dates.js';
import { finishSurveyResponse, pickQuestions } from '../question-columns.js';
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

const LEGACY_HELP =
  'In Qualtrics, Data & Analysis → Export & Import → Export data → CSV gives the current three-row layout, ' +
  'which painmap reads; or name the column with --text-column.';

/** Legacy exports (`V1…` ids in row 1, names and question texts in row 2): questions chosen by their answers. */
function pickLegacyQuestions(head: CsvHead, names: readonly string[]) {
  const ids = head.headers[0] ?? [];
  const candidates = ids.flatMap((q, i) => (/^Q\d/i.test(q.trim()) ? [i] : []));
  const pick = pickQuestions(head, names, candidates);
  if (pick.text.length === 0) {
    throw new FileRejectedError(
      'legacy_layout',
      `This is a Qualtrics legacy layout export (V1… columns, two header rows) and none of its question columns holds open answers. ${LEGACY_HELP}`,
      2,
    );
  }
  return pick;
}

/** The `…_TEXT` question columns (a legacy layout: those that hold open answers); rejects a file with none. */
function pickTextQuestions(
  head: CsvHead,
  c: { legacy: boolean; names: readonly string[]; labels: readonly string[]; imports: readonly string[] },
) {
  const byName = findTextColumns(c.names, c.imports);
  const legacyPick = c.legacy && byName.length === 0 ? pickLegacyQuestions(head, c.names) : null;
  const text: OpenQuestion[] =
    legacyPick?.text ??
    byName.map((column) => ({ column, title: c.labels[column] || c.names[column] || '' }));
  if (text.length === 0) {
    throw new FileRejectedError(
      'missing_column',
      'No free-text (`…_TEXT`) question column in this Qualtrics export.',
      1,
    );
  }
  return { text, legacyPick };
}

/** The time zone row 3 gives the date column; legacy exports carry none: their dates are read as UTC. */
function zoneOf(info: { timeZone?: string } | null | undefined): string {
  const zone = info?.timeZone ?? 'UTC';
  if (!isKnownZone(zone)) {
    throw new FileRejectedError(
      'unknown_time_zone',
      `Row 3 names the time zone "${zone}", which is not a known zone.`,
      3,
    );
  }
  return zone;
}

/** The recommend question's column and its scale (NPS when its label asks how likely to recommend). */
function pickRating(head: CsvHead, names: readonly string[], labels: readonly string[]) {
  const rating = findRating(names, labels);
  const scale =
    rating < 0
      ? null
      : inferRatingScale(
          RECOMMEND.test(labels[rating] ?? '') ? 'nps' : (names[rating] ?? ''),
          columnValues(head.sample, rating),
        );
  return { rating, scale };
}

function prepareQualtrics(head: CsvHead): RowMapper {
  const legacy = isLegacy(head.headers);
  const names = namesOf(head);
  const labels = legacy ? names : (head.headers[1] ?? []);
  const infos = (head.headers[2] ?? []).map(importInfo);
  const norm = normalizeRow(names);
  const id = findColumn(norm, ['responseid']);
  const date = findColumn(norm, ['recordeddate', 'enddate', 'startdate']);
  const imports = legacy ? (head.headers[0] ?? []) : infos.map((i) => i?.importId ?? '');
  const { text, legacyPick } = pickTextQuestions(head, { legacy, names, labels, imports });
  const zone = zoneOf(infos[date]);
  const { rating, scale } = legacyPick ?? pickRating(head, names, labels);
  const language = findColumn(norm, ['userlanguage']);
  const customer = findColumn(norm, ['recipientemail', 'externalreference', 'externaldatareference']);
  const segments = pickSegmentColumns(names).filter((s) => !text.some((q) => q.column === s.index));
  noteColumn(head, id, 'id', 'the Qualtrics response id', names[id]);
  noteColumn(
    head,
    date,
    'date',
    legacy
      ? 'recorded/end/start date, read as UTC (legacy exports name no zone)'
      : `recorded/end/start date in ${zone}`,
    names[date],
  );
  for (const q of text) noteColumn(head, q.column, 'text', 'a `…_TEXT` question', q.title);
  noteColumn(
    head,
    rating,
    'rating',
    `the recommend question (${scale ?? 'no scale'})`,
    labels[rating] || names[rating],
  );
  noteColumn(head, customer, 'customer', 'the recipient', names[customer]);
  for (const s of segments)
    noteColumn(head, s.index, 'segment', `copied into segment.${s.key}`, names[s.index]);
  const readDate = dateReader(head, date, { zone }, 'Qualtrics');
  const pick = { text, rating, scale, keys: questionKeys(text) };
  return (fields, record) =>
    finishSurveyResponse(head, pick, { customer, segments, language }, fields, {
      record,
      source: 'qualtrics',
      id: cell(fields, id),
      idRequired: true,
      date: readDate(fields),
    });
}

export const qualtrics: CsvFormat = {
  name: 'qualtrics',
  source: 'qualtrics',
  matches: (rows) => rows[2]?.some((c) => importInfo(c) !== null) === true || isLegacy(rows),
  headerRowCount: (rows) => (isLegacy(rows) ? 2 : 3),
  prepare: prepareQualtrics,
};
