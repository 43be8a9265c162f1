// The ordered list of migrations. Add a file `NNNN_name.ts` and one line here.
import type { Migration } from 'kysely';
import * as m0001 from './0001_core_schema.js';
import * as m0002 from './0002_analytics.js';
import * as m0003 from './0003_nightly.js';
import * as m0004 from './0004_uploads.js';
import * as m0005 from './0005_exact_float_sums.js';
import * as m0006 from './0006_incremental_aggregates.js';
import * as m0007 from './0007_evidence_json.js';
import * as m0008 from './0008_weekly_rollup.js';
import * as m0009 from './0009_source_name_and_question.js';
import * as m0010 from './0010_privacy.js';
import * as m0011 from './0011_score_drivers.js';
import * as m0012 from './0012_item_search.js';
import * as m0013 from './0013_cell_rollups.js';
import * as m0014 from './0014_drop_versions_index.js';
import * as m0015 from './0015_stage_spread.js';
import * as m0016 from './0016_item_search_vector.js';
import * as m0017 from './0017_mention_day_strongest.js';
import * as m0019 from './0019_month_partitions.js';
import * as m0020 from './0020_views_join_on_day.js';
import * as m0021 from './0021_mention_cell_score.js';
import * as m0022 from './0022_driver_scan_indexes.js';
import * as m0023 from './0023_segment_gin_indexes.js';
import * as m0024 from './0024_weekly_totals.js';
import * as m0025 from './0025_mentions_check_item_keys.js';

export const migrations: Record<string, Migration> = {
  '0001_core_schema': m0001,
  '0002_analytics': m0002,
  '0003_nightly': m0003,
  '0004_uploads': m0004,
  '0005_exact_float_sums': m0005,
  '0006_incremental_aggregates': m0006,
  '0007_evidence_json': m0007,
  '0008_weekly_rollup': m0008,
  '0009_source_name_and_question': m0009,
  '0010_privacy': m0010,
  '0011_score_drivers': m0011,
  '0012_item_search': m0012,
  '0013_cell_rollups': m0013,
  '0014_drop_versions_index': m0014,
  '0015_stage_spread': m0015,
  '0016_item_search_vector': m0016,
  '0017_mention_day_strongest': m0017,
  '0019_month_partitions': m0019,
  '0020_views_join_on_day': m0020,
  '0021_mention_cell_score': m0021,
  '0022_driver_scan_indexes': m0022,
  '0023_segment_gin_indexes': m0023,
  '0024_weekly_totals': m0024,
  '0025_mentions_check_item_keys': m0025,
};
