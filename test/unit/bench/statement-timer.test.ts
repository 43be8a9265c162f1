import { describe, expect, it } from 'vitest';
import { classifyStatement } from '../../../bench/lib/statement-timer.js';

describe('classifyStatement (the write profile’s categories)', () => {
  it.each([
    ['\n    insert into feedback_items ("source") select 1 on conflict do nothing', 'items upsert'],
    ['\n    select i.id from feedback_items i join unnest($1::text[]) for update of i', 'items upsert'],
    ['update feedback_items f set text = u.text', 'items upsert'],
    [
      '\n    with gone as (\n      delete from feedback_mentions where item_id = any($1)) select * from gone join feedback_items i',
      'mentions',
    ],
    ['copy "painmap_mention_stage" ("item_id") from stdin', 'mentions'],
    ['select pg_backend_pid() as pid', 'mentions'],
    ['select pg_advisory_xact_lock_shared(hashtext($1), 0)', 'daily/weekly deltas'],
    [
      `\n    with delta as (select 1)\n    ${' '.repeat(60)}insert into "pain_point_weekly" as p`,
      'daily/weekly deltas',
    ],
    ['with delta as (select 1) insert into "stage_spread_daily" as p (day)', 'daily/weekly deltas'],
    ['with delta as (select 1) insert into "pain_point_weekly_cells" as p (week)', 'daily/weekly deltas'],
    ['begin', 'other'],
    ['commit', 'other'],
  ])('%j is %s', (text, category) => {
    expect(classifyStatement(text)).toBe(category);
  });
});
