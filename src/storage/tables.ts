// Kysely table types: snake_case, as in psql.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { CellSums } from './aggregate-columns.js';

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
  /** Pull runs: the scheduled slot (nightly window) the run belongs to; null for manual pulls. */
  window_start: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export type RunState = 'parsing' | 'queued' | 'done' | 'rejected' | 'failed';

export interface IngestBatchTable {
  id: Generated<Int8>;
  run_id: Int8;
  seq: number;
  items: Json<unknown[]>;
  /** Items in the payload now (an erasure or a retention run lowers it; the tag step notices). */
  item_count: number;
  state: Generated<'pending' | 'done'>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  created_at: Generated<Timestamp>;
  done_at: Timestamp | null;
  /** The oldest receivedAt in `items` (infinity when empty; null: written before migration 0010). */
  oldest_received_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  /** The source name: a configured source's name, else the format's own. Unique with external_id. */
  source: string;
  /** The format's own source name (`zendesk`, `google-play`); equals `source` for plain file ingests. */
  format: string;
  /** The survey question the text answers (several open questions: one item each). */
  question: string | null;
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
  /** The item's received_day, kept beside its clauses (migration 0017) so a cell's are read by period. */
  received_day: Day;
}

/**
 * The items' idempotency key (migration 0019): feedback_items is partitioned by month of
 * received_day, and a partitioned table's unique keys must contain it, so (source, external_id) is
 * kept unique here, with where its item lives.
 */
export interface FeedbackItemKeyTable {
  source: string;
  external_id: string;
  item_id: Int8;
  received_day: Day;
}

export interface PainPointDailyTable extends CellSums {
  day: Day;
  stage: string;
  touchpoint: string;
  source: string;
  segment: Json<Record<string, string>>;
}

/** pain_point_daily summed by ISO week (week = its Monday). */
export type PainPointWeeklyTable = Omit<PainPointDailyTable, 'day'> & { week: Day };

/** pain_point_daily summed over segments (migration 0013): what a read with no segment filter reads. */
export type PainPointDailyCellsTable = Omit<PainPointDailyTable, 'segment'>;

/** pain_point_weekly summed over segments. */
export type PainPointWeeklyCellsTable = Omit<PainPointWeeklyTable, 'segment'>;

/** pain_point_weekly_cells summed over sources (migration 0024): the default heatmap's whole weeks. */
export type PainPointWeeklyTotalsTable = Omit<PainPointWeeklyCellsTable, 'source'>;

/** The journey's per-stage spread sums (migration 0015): per item in a stage, c clauses scoring s. */
export interface StageSpreadDailyTable {
  day: Day;
  stage: string;
  source: string;
  segment: Json<Record<string, string>>;
  items: number;
  /** Σ c */
  mentions: number;
  /** Σ s */
  score_sum: number;
  /** Σ s² */
  score_sq_sum: number;
  /** Σ s·c */
  score_mentions_sum: number;
  /** Σ c² */
  mentions_sq_sum: Int8;
}

/** stage_spread_daily summed by ISO week (`week` is its Monday). */
export type StageSpreadWeeklyTable = Omit<StageSpreadDailyTable, 'day'> & { week: Day };

export interface AggregateDirtyDayTable {
  day: Day;
  version: Generated<Int8>;
  marked_at: Generated<Timestamp>;
}

export interface UploadTable {
  id: Generated<Int8>;
  source: string;
  file_name: string | null;
  options: Json<UploadOptions>;
  sha256: string | null;
  byte_size: Generated<Int8>;
  state: Generated<'receiving' | 'stored' | 'ingested'>;
  run_id: Int8 | null;
  created_at: Generated<Timestamp>;
  stored_at: Timestamp | null;
  ingested_at: Timestamp | null;
}

export interface UploadOptions {
  ratingScale?: 'stars5' | 'nps' | 'csat5' | 'csat2' | 'scale10';
  sourceName?: string;
}

export interface UploadChunkTable {
  upload_id: Int8;
  seq: number;
  data: Buffer;
}

/** Where a source's incremental pull stands (Zendesk cursor, review watermark…). */
export interface SourceCursorTable {
  source: string;
  cursor: Json<Record<string, unknown>>;
  run_id: Int8 | null;
  updated_at: Generated<Timestamp>;
}

/** Files a folder or http-file source has seen, by sha256: each is ingested once. */
export interface SourceFileTable {
  source: string;
  sha256: string;
  path: string;
  bytes: Int8;
  pull_run_id: Int8 | null;
  file_run_id: Int8 | null;
  seen_at: Generated<Timestamp>;
}

export interface InterventionTable {
  id: Generated<Int8>;
  name: string;
  effective_day: Day;
  stage: string;
  /** Null: every touchpoint of the stage. */
  touchpoint: string | null;
  window_days: Generated<number>;
  note: string | null;
  created_at: Generated<Timestamp>;
}

export interface EmergingPainPointTable {
  as_of: Day;
  bucket: string;
  stage: string;
  touchpoint: string;
  period_start: Day;
  period_end: Day;
  baseline_start: Day;
  baseline_end: Day;
  baseline_periods: number;
  test: 'volume' | 'share';
  mentions: number;
  negative: number;
  baseline_mentions: number;
  baseline_negative: number;
  expected_negative: number;
  rate_ratio: number | null;
  negative_share: number | null;
  baseline_negative_share: number | null;
  p_value: number;
  q_value: number;
  dispersion: number;
  examples: Json<unknown[]>;
  computed_at: Generated<Timestamp>;
}

/** One erasure (`painmap forget`, DELETE /v1/customers/:id) or retention run: who, when, how many. */
export interface PrivacyAuditTable {
  id: Generated<Int8>;
  action: 'forget' | 'retention';
  subject_kind: 'customer' | 'record' | 'retention';
  /** sha256 of the selector (never the id in clear); null for retention. */
  subject_hash: string | null;
  actor: string;
  cutoff_day: Day | null;
  counts: Json<Record<string, number>>;
  started_at: Timestamp;
  finished_at: Generated<Timestamp>;
}

export interface Database {
  ingest_runs: IngestRunTable;
  ingest_batches: IngestBatchTable;
  ingest_errors: IngestErrorTable;
  feedback_items: FeedbackItemTable;
  feedback_mentions: FeedbackMentionTable;
  feedback_item_keys: FeedbackItemKeyTable;
  pain_point_daily: PainPointDailyTable;
  pain_point_daily_recomputed: PainPointDailyTable;
  pain_point_weekly: PainPointWeeklyTable;
  pain_point_daily_cells: PainPointDailyCellsTable;
  pain_point_weekly_cells: PainPointWeeklyCellsTable;
  pain_point_weekly_totals: PainPointWeeklyTotalsTable;
  stage_spread_daily: StageSpreadDailyTable;
  stage_spread_daily_recomputed: StageSpreadDailyTable;
  stage_spread_weekly: StageSpreadWeeklyTable;
  aggregate_dirty_days: AggregateDirtyDayTable;
  interventions: InterventionTable;
  emerging_pain_points: EmergingPainPointTable;
  source_cursors: SourceCursorTable;
  source_files: SourceFileTable;
  uploads: UploadTable;
  upload_chunks: UploadChunkTable;
  privacy_audit: PrivacyAuditTable;
}

export type IngestRun = Selectable<IngestRunTable>;
export type IngestBatch = Selectable<IngestBatchTable>;
export type NewIngestError = Insertable<IngestErrorTable>;
export type Upload = Selectable<UploadTable>;
