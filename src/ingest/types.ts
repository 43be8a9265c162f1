// The contract between export-format adapters and the ingest pipeline.
// Adapters are pure row mappers over a decoded stream: no database, no queue, no clock.
import type { FeedbackInput } from '../domain.js';

/** Column flags for the generic CSV layout (`--id-column` etc. on the CLI). */
export interface ColumnFlags {
  id?: string;
  text?: string | string[];
  date?: string;
  rating?: string;
  ratingScale?: import('../domain.js').RatingScale;
  customer?: string;
  channel?: string;
  /** Columns copied into the item's segment, by header name. */
  segments?: string[];
  /** Day-first dates (31/01/2026) for ambiguous numeric dates. */
  dayFirst?: boolean;
}

export interface ParseOptions {
  /** Format override (`--source NAME` on the CLI); `auto` or undefined detects the format. */
  format?: string;
  /** The source name items are stored under, when the format does not imply one (generic CSV). */
  sourceName?: string;
  /** Personal data to replace before storage (a configured source's `redact:`); unset = `REDACT`. */
  redact?: readonly import('./redact.js').RedactKind[];
  columns?: ColumnFlags;
  /** Default segment values (from a nightly source's config, or CLI flags). */
  segment?: Record<string, string>;
  /** Caps: a file over these is rejected whole. */
  maxBytes?: number;
  maxRecords?: number;
  maxRecordBytes?: number;
  /** A label for error messages (file name or URL). */
  fileName?: string;
  /** `--received-at DATE`: the date of every record (files without a date column). */
  receivedAt?: string;
}

/** A per-record outcome that is not a stored item. */
export interface RecordIssue {
  record: number;
  /** The source's id for the record when it could be read. */
  ref: string | null;
  /** Stable machine code, e.g. `field_count`, `invalid_date`, `missing_id`, `rating_out_of_scale`. */
  code: string;
  /** A sentence a person can act on. */
  reason: string;
  /** Up to 200 characters of the raw record. */
  excerpt?: string;
}

export type ParseEvent =
  | { kind: 'item'; record: number; ref: string; item: FeedbackInput }
  | { kind: 'rejected'; issue: RecordIssue }
  | { kind: 'skipped'; issue: RecordIssue; item?: FeedbackInput }
  | { kind: 'duplicate'; record: number; ref: string };

export interface ParsedExport {
  /** The detected or forced format name, e.g. `generic-csv`, `surveymonkey`, `zendesk-json`. */
  format: string;
  /** The decoding used: `utf-8`, `utf-16le`, `windows-1252`… */
  encoding: string;
  /** Default source name for items of this format. */
  source: string;
  /** CSV: which column became what, and why; null for JSON records. */
  columns: import('./column-profile.js').PlannedColumn[] | null;
  events: AsyncIterable<ParseEvent>;
}

/** A whole file cannot be trusted: nothing of it may be stored. */
export class FileRejectedError extends Error {
  override readonly name = 'FileRejectedError';
  constructor(
    /** Stable code: `unterminated_quote`, `binary_data`, `nul_byte`, `duplicate_header`, `too_large`, `unknown_format`, `empty_file`, … */
    readonly code: string,
    message: string,
    /** 1-based line in the file where the problem was found, when known. */
    readonly line?: number,
  ) {
    super(line === undefined ? message : `${message} (line ${line})`);
  }
}
