// Format detection: header signatures for CSV layouts, key signatures for JSON records.
import type { CsvFormat } from './csv-format.js';
import { appStore } from './formats/app-store.js';
import { delighted } from './formats/delighted.js';
import { freshdesk } from './formats/freshdesk.js';
import { genericCsv } from './formats/generic-csv.js';
import { googleForms } from './formats/google-forms.js';
import { googlePlay } from './formats/google-play.js';
import { intercom } from './formats/intercom.js';
import { qualtrics } from './formats/qualtrics.js';
import { amazon, yelp } from './formats/review-jsonl.js';
import { surveyMonkey } from './formats/surveymonkey.js';
import { trustpilot } from './formats/trustpilot.js';
import { typeform } from './formats/typeform.js';
import { zendeskCsv } from './formats/zendesk-csv.js';
import { zendeskJson } from './formats/zendesk-json.js';
import type { JsonFormat } from './json-format.js';
import { asObject } from './json-values.js';
import { FileRejectedError } from './types.js';

/** Checked in order; the generic layout comes last. */
export const CSV_FORMATS: readonly CsvFormat[] = [
  surveyMonkey,
  qualtrics,
  typeform,
  googlePlay,
  trustpilot,
  freshdesk,
  zendeskCsv,
  googleForms,
  genericCsv,
];

const GENERIC_NAMES = new Set(['generic-csv', 'generic', 'csv', 'survey']);

const FLAG_HELP =
  'For any other CSV, name the columns: --text-column NAME --date-column NAME ' +
  '[--id-column NAME] [--rating-column NAME --rating-scale stars5|nps|csat5|csat2|scale10] [--segment NAME] [--day-first].';

/** The CSV format of a file's first rows, or the one forced by `--source`. */
export function chooseCsvFormat(
  rows: readonly string[][],
  forced: string | undefined,
  hasTextFlag: boolean,
): CsvFormat {
  if (forced && forced !== 'auto') {
    const name = GENERIC_NAMES.has(forced) ? 'generic-csv' : forced;
    const format = CSV_FORMATS.find((f) => f.name === name || f.name === `${name}-csv`);
    if (!format) {
      throw new FileRejectedError(
        'unknown_format',
        `--source ${forced} is not a CSV format painmap reads; CSV formats: ${CSV_FORMATS.map((f) => f.name).join(', ')}.`,
      );
    }
    return format;
  }
  const found = CSV_FORMATS.find((f) => f.matches(rows));
  if (found) return found;
  if (hasTextFlag) return CSV_FORMATS[CSV_FORMATS.length - 1]!;
  const header = (rows[0] ?? []).slice(0, 12).join(', ');
  throw new FileRejectedError(
    'unknown_format',
    `The header (${header}) matches no known export. Formats tried: ${CSV_FORMATS.map((f) => f.name).join(', ')}. ${FLAG_HELP}`,
    1,
  );
}

/** Checked in order on the first JSON record. */
export const JSON_FORMATS: readonly JsonFormat[] = [appStore, intercom, zendeskJson, delighted, yelp, amazon];

const JSON_ALIASES: Readonly<Record<string, string>> = {
  zendesk: 'zendesk-json',
  appstore: 'app-store',
  play: 'google-play',
};

/** The JSON format of a file's first record, or the one forced by `--source`. */
export function chooseJsonFormat(first: unknown, forced: string | undefined): JsonFormat {
  if (forced && forced !== 'auto') {
    const name = JSON_ALIASES[forced] ?? forced;
    const format = JSON_FORMATS.find((f) => f.name === name);
    if (!format) {
      throw new FileRejectedError(
        'unknown_format',
        `--source ${forced} is not a JSON format painmap reads; JSON formats: ${JSON_FORMATS.map((f) => f.name).join(', ')}.`,
      );
    }
    return format;
  }
  const record = asObject(first);
  const found = record ? JSON_FORMATS.find((f) => f.matches(record)) : undefined;
  if (found) return found;
  const keys = record ? Object.keys(record).slice(0, 12).join(', ') : typeof first;
  throw new FileRejectedError(
    'unknown_format',
    `The first JSON record (keys: ${keys}) matches no known export. Formats tried: ${JSON_FORMATS.map((f) => f.name).join(', ')}. ` +
      'Export the data as CSV and name its columns with --text-column and --date-column.',
    1,
  );
}
