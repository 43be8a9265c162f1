// Kysely table types: snake_case, as in psql.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** Dates come back from pg as strings (we turn off pg's Date parsing for `date`). */
type Day = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string | T, string | T>;
type Int8 = number;

export interface IngestRunTable {
  id: Generated<Int8>;
  kind: 'file' | 'pull' | 'api';
  source: string;
  file_name: string | null;
  file_sha256: string | null;
  format: string | null;
  encoding: string | null;
  state: Generated<RunState>;
  records: Generated<number>;
  valid: Generated<number>;
  rejected: Generated<number>;
  skipped: Generated<number>;
  duplicates: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  batches_total: Generated<number>;
  error_code: string | null;
  error_message: string | null;
  started_at: Generated<Timestamp>;
  parsed_at: Timestamp | null;
  finished_at: Timestamp | null;
}
export type RunState = 'parsing' | 'queued' | 'done' | 'rejected' | 'failed';

export interface IngestBatchTable {
  id: Generated<Int8>;
  run_id: Int8;
  seq: number;
  items: Json<unknown[]>;
  item_count: number;
  state: Generated<'pending' | 'done'>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  created_at: Generated<Timestamp>;
  done_at: Timestamp | null;
}

export interface IngestErrorTable {
  id: Generated<Int8>;
  run_id: Int8;
  kind: 'rejected' | 'skipped' | 'duplicate';
  record: number;
  ref: string | null;
  code: string;
  reason: string;
  excerpt: string | null;
}

export interface FeedbackItemTable {
  id: Generated<Int8>;
  source: string;
  external_id: string;
  content_hash: string;
  received_at: Timestamp;
  received_day: Day;
  text: string;
  rating: number | null;
  rating_scale: string | null;
  channel: string | null;
  customer_id: string | null;
  segment: Json<Record<string, string>>;
  language: string | null;
  sentiment_label: string;
  sentiment_score: number;
  rating_used: boolean;
  stage: string;
  touchpoint: string;
  taxonomy_version: string;
  tagger_version: string;
  ingest_run_id: Int8 | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface FeedbackMentionTable {
  item_id: Int8;
  ordinal: number;
  start_offset: number;
  end_offset: number;
  stage: string;
  touchpoint: string;
  sentiment_label: string;
  sentiment_score: number;
  evidence: Json<unknown[]>;
}

export interface PainPointDailyTable {
  day: Day;
  stage: string;
  touchpoint: string;
  source: string;
  segment: Json<Record<string, string>>;
  mentions: number;
  negative: number;
  neutral: number;
  positive: number;
  sentiment_sum: number;
  negative_intensity_sum: number;
  items: number;
  customers: number;
}

export interface AggregateDirtyDayTable {
  day: Day;
  version: Generated<Int8>;
  marked_at: Generated<Timestamp>;
}

export interface Database {
  ingest_runs: IngestRunTable;
  ingest_batches: IngestBatchTable;
  ingest_errors: IngestErrorTable;
  feedback_items: FeedbackItemTable;
  feedback_mentions: FeedbackMentionTable;
  pain_point_daily: PainPointDailyTable;
  pain_point_daily_recomputed: PainPointDailyTable;
  aggregate_dirty_days: AggregateDirtyDayTable;
}

export type IngestRun = Selectable<IngestRunTable>;
export type IngestBatch = Selectable<IngestBatchTable>;
export type NewIngestError = Insertable<IngestErrorTable>;
